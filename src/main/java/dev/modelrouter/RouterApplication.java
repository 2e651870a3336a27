package dev.modelrouter;

import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.server.RouterConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The daemon's Spring Boot application: auto-configuration plus the router's explicit wiring. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RouterConfiguration.class)
public class RouterApplication {

    /** Property naming the config file; without it the daemon starts on the bundled example. */
    public static final String CONFIG_PROPERTY = "router.config";

    /** Starts slow, independent initialisation (the tokenizer's tables) in the background; call it first. */
    public static void preload() {
        TokenCounter.preload();
    }

    /**
     * Entry point of the build's ahead-of-time processing ({@code spring-boot:process-aot}), which
     * refreshes the context here to generate its bean definitions as code; users run {@code router serve}.
     */
    public static void main(String[] args) {
        SpringApplication.run(RouterApplication.class, args);
    }
}
