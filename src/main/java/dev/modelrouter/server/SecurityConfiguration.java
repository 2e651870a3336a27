package dev.modelrouter.server;

import dev.modelrouter.config.AdminToken;
import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.observe.LogLines;
import dev.modelrouter.observe.RedactedTags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What keeps the daemon its user's: secrets out of logs and meters, the browser and loopback guards, the admin token. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Meter tags with every known secret masked; Spring Boot applies it to each registry it builds. */
    @Bean
    MeterFilter redactedTags(LiveConfig live) {
        return new RedactedTags(live.secrets());
    }

    /**
     * Every log line, console and {@code router.log}, with the known secrets masked and its message's
     * control characters escaped, from now until the daemon stops.
     */
    @Bean
    AutoCloseable logRedaction(LiveConfig live) {
        LogLines.install();
        return LogLines.redactWith(live.secrets());
    }

    @Bean
    BrowserGuard browserGuard(LiveConfig live, Refusals refusals) {
        return new BrowserGuard(live, refusals);
    }

    @Bean
    LoopbackGuard loopbackGuard(Refusals refusals) {
        return new LoopbackGuard(refusals);
    }

    /** The admin API's credential in {@code $ROUTER_HOME/admin-token}, created on the first start. */
    @Bean
    AdminToken adminToken(Environment env, LiveConfig live) {
        RouterHome home = RouterConfiguration.home(env);
        try {
            AdminToken token = AdminToken.loadOrCreate(home);
            live.secrets().register(token.value());
            return token;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create the admin token " + home.adminTokenFile() + ": " + e.getMessage()
                            + "; check that ROUTER_HOME (" + home.dir() + ") is a folder this user may write",
                    e);
        }
    }

    @Bean
    AdminTokenFilter adminTokenFilter(AdminToken token, Environment env, UiSessions sessions, Refusals refusals) {
        return new AdminTokenFilter(token, RouterConfiguration.home(env).adminTokenFile(), sessions, refusals);
    }
}
