package dev.modelrouter.model;

import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What routing needs to know about a request, read once by the client protocol's decoder (often
 * without building the whole {@link ChatRequest}).
 *
 * @param model the model name as the client wrote it
 * @param subagentTarget the {@code provider,model} of a sub-agent tag found in the system prompt, or {@code null}
 * @param thinkingBudget the budget of explicitly enabled thinking, or {@code null} when thinking is
 *     off, adaptive or absent
 * @param effort the requested effort level, or {@code null}
 * @param webSearch whether a tool is a web search server tool
 * @param lastUserImage whether the last user message carries an image
 * @param maxTokens the request's output limit, or {@code null}
 * @param toolCount how many tools the request declares
 * @param structuredOutput whether the request demands a JSON-Schema formatted answer
 * @param textBytes the UTF-8 size of the text that counts toward the prompt's tokens (images excluded),
 *     an upper bound of its token count
 * @param tokens computes the exact prompt token count; called only when the cheap estimate is too
 *     close to a threshold to decide
 */
public record RequestTraits(
        String model,
        @Nullable String subagentTarget,
        @Nullable Integer thinkingBudget,
        @Nullable String effort,
        boolean webSearch,
        boolean lastUserImage,
        @Nullable Integer maxTokens,
        int toolCount,
        boolean structuredOutput,
        long textBytes,
        IntSupplier tokens) {}
