package dev.modelrouter.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Masks secrets in meter tag values, ours and the libraries' (the circuit breaker metrics name a
 * breaker after its provider and model, and a model name is the client's to choose).
 */
public final class RedactedTags implements MeterFilter {

    private final UnaryOperator<String> redact;

    public RedactedTags(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = id.getTags();
        List<Tag> clean = null;
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            String value = redact.apply(tag.getValue());
            if (clean == null && !value.equals(tag.getValue())) {
                clean = new ArrayList<>(tags.subList(0, i));
            }
            if (clean != null) {
                clean.add(Tag.of(tag.getKey(), value));
            }
        }
        return clean == null ? id : id.replaceTags(clean);
    }
}
