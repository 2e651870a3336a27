package dev.modelrouter.model;

/**
 * Where one request goes.
 *
 * @param provider the provider's name as configured
 * @param model the upstream model name
 * @param scenario why it goes there
 */
public record Route(String provider, String model, Scenario scenario) {

    /** {@code provider,model}, the form users write in config.json. */
    public String target() {
        return provider + "," + model;
    }

    /** The value of the {@code x-router-route} response header. */
    public String header() {
        return scenario.key() + " " + target();
    }
}
