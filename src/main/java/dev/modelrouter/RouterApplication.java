package dev.modelrouter;

import dev.modelrouter.server.RouterConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Flux;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/** The daemon's Spring Boot application: auto-configuration plus the router's explicit wiring. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RouterConfiguration.class)
public class RouterApplication {

    /** Property naming the config file; without it the daemon starts on the bundled example. */
    public static final String CONFIG_PROPERTY = RouterConfiguration.CONFIG_PROPERTY;

    /** Property that turns on the after-start warm-up; {@code router serve} sets it, the tests do not. */
    public static final String WARMUP_PROPERTY = RouterConfiguration.WARMUP_PROPERTY;

    /** Property that turns on learning models' windows from providers; {@code router serve} sets it, the tests do not. */
    public static final String MODEL_LISTING_PROPERTY = RouterConfiguration.MODEL_LISTING_PROPERTY;

    /**
     * Starts slow, independent initialisation in the background; call it first. While the main thread
     * parses the command line and the config, a second core readies what Spring Boot and Reactor
     * Netty need next (type conversion, logging, the epoll transport, buffers, Jackson's databind,
     * the Prometheus registry). Class initialisation is thread-safe, so whichever thread comes first
     * does the work.
     */
    public static void preload() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            // on one core there is no second one: the thread's own work (objects made to be dropped) is then
            // only added to the main thread's
            return;
        }
        Thread t = new Thread(RouterApplication::warm, "router-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void warm() {
        try {
            // Spring Boot's first look for a class that is not there opens every jar of the class path;
            // a resource that is nowhere does the same here, on the second core, while the main thread
            // reads the command line and the config
            RouterApplication.class.getClassLoader().getResource("META-INF/model-router/none");
            LoggerFactory.getILoggerFactory();
            ApplicationConversionService.getSharedInstance();
            // its static initialiser loads the native transport (a runtime dependency, hence by name)
            Class.forName("io.netty.channel.epoll.Epoll", true, RouterApplication.class.getClassLoader());
            PooledByteBufAllocator.DEFAULT.buffer(16).release();
            HttpServer.create();
            Flux.just(1).map(i -> i).subscribe();
            // databind, which the config no longer needs before Spring builds its mapper
            JsonMapper.builder().build().readTree("{\"a\":[1]}");
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).close();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // only a head start: whatever failed here is done, and reported, by the real start-up
        }
    }

    /**
     * Entry point of the build's ahead-of-time processing ({@code spring-boot:process-aot}), which
     * refreshes the context here to generate its bean definitions as code; users run {@code router serve}.
     */
    public static void main(String[] args) {
        SpringApplication.run(RouterApplication.class, args);
    }
}
