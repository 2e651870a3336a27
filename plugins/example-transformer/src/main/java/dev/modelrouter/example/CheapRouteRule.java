package dev.modelrouter.example;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.spi.RouteRule;
import java.util.List;
import java.util.Optional;

/**
 * Sends a request whose last user message starts with {@code /cheap } to a cheap model; every other
 * request is left to the router's built-in scenarios.
 *
 * <p>The target is the system property {@value #TARGET_PROPERTY} ({@code provider,model}), default
 * {@value #DEFAULT_TARGET}; start the router with {@code -Dexample.cheap.target=ollama,qwen2.5-coder}
 * (for example through {@code JAVA_TOOL_OPTIONS}) to change it.
 */
public final class CheapRouteRule implements RouteRule {

    /** The system property that names the target. */
    public static final String TARGET_PROPERTY = "example.cheap.target";
    /** The target when the property is not set. */
    public static final String DEFAULT_TARGET = "deepseek,deepseek-chat";

    private static final String COMMAND = "/cheap ";

    @Override
    public Optional<String> route(ChatRequest request, RouteContext context) {
        return lastUserText(request.messages())
                .filter(text -> text.startsWith(COMMAND))
                .map(text -> System.getProperty(TARGET_PROPERTY, DEFAULT_TARGET));
    }

    // Claude Code puts system reminders in the same turn before what the user typed, so the typed
    // prompt is the turn's last text block.
    private static Optional<String> lastUserText(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message message = messages.get(i);
            if (message.role() != Role.USER) {
                continue;
            }
            List<Content> content = message.content();
            for (int j = content.size() - 1; j >= 0; j--) {
                if (content.get(j) instanceof Content.Text) {
                    return Optional.of(((Content.Text) content.get(j)).text().stripLeading());
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
