package dev.modelrouter.protocol;

import dev.modelrouter.model.Thinking;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The {@code low}/{@code medium}/{@code high} reasoning effort that OpenAI Chat and Responses both take. */
public final class ReasoningEffort {

    private ReasoningEffort() {}

    /** An explicit effort wins over a thinking budget; OpenAI knows nothing above {@code high}. */
    public static @Nullable String of(@Nullable Thinking thinking, @Nullable String effort) {
        if (effort != null) {
            String level = effort.toLowerCase(Locale.ROOT);
            return level.equals("xhigh") || level.equals("max") ? "high" : level;
        }
        if (thinking instanceof Thinking.Enabled enabled) {
            int budget = enabled.budgetTokens();
            return budget <= 1024 ? "low" : budget <= 8192 ? "medium" : "high";
        }
        return null;
    }
}
