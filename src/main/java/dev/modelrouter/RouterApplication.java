package dev.modelrouter;

import dev.modelrouter.server.RouterConfiguration;
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
}
