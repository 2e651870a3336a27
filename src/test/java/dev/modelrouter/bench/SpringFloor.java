package dev.modelrouter.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The start-up floor for a daemon on Spring Boot WebFlux: the smallest app a user would write, auto-configured
 * on the same Spring Boot and Reactor Netty as the router, with one route ({@code POST /v1/messages}
 * answering a fixed Anthropic message). {@code scripts/bench} times its start beside the router's with what
 * the router starts with: the daemon's JVM options, a class-data archive of its own, the router's {@code
 * application.properties} and bean definitions generated ahead of time. Usage: {@code SpringFloor LISTEN_PORT
 * [ignored]}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SpringFloor {

    private static final String ANSWER = "{\"id\":\"msg_floor\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"floor\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

    @Bean
    RouterFunction<ServerResponse> messages() {
        return RouterFunctions.route()
                .POST(
                        "/v1/messages",
                        request -> request.bodyToMono(byte[].class)
                                .then(ServerResponse.ok()
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .bodyValue(ANSWER)))
                .build();
    }

    public static void main(String[] args) {
        SpringApplication.run(
                SpringFloor.class,
                "--server.port=" + Integer.parseInt(args[0]),
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn");
    }
}
