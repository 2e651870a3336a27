package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * {@code forcereasoning}: makes a model without a reasoning mode reason in the open, as
 * claude-code-router's transformer of that name does. The request gets an instruction to write its
 * reasoning between {@code <reasoning_content>} tags before answering, appended to the system prompt
 * (when there is one) and to the last user turn (the one after tool results included); the answer's
 * tagged reasoning becomes a thinking block ({@link TaggedThinkingStream}). No reasoning parameter is
 * set: the model this is for has none.
 */
final class ForceReasoningTransformer implements Transformer {

    static final String OPEN = "<reasoning_content>";
    static final String CLOSE = "</reasoning_content>";
    static final String PROMPT = """
            You are a careful reasoning model. Before you answer, think the problem through step by step \
            and write that reasoning out in full, even when the question looks easy; never leave it out.
            Put the reasoning between the tags below, then give your final answer after the closing tag:
            <reasoning_content>
            (your step-by-step reasoning)
            </reasoning_content>
            (your final answer)""";

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("forcereasoning", new ForceReasoningTransformer());
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        List<Message> messages = request.messages();
        boolean userLast =
                !messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.USER;
        if (request.system().isEmpty() && !userLast) {
            return request;
        }
        ChatRequest.Builder builder = request.toBuilder();
        if (!request.system().isEmpty()) {
            List<Content.Text> system = new ArrayList<>(request.system());
            system.add(Content.Text.of(PROMPT));
            builder.system(system);
        }
        if (userLast) {
            List<Message> turns = new ArrayList<>(messages);
            Message last = turns.get(turns.size() - 1);
            List<Content> content = new ArrayList<>(last.content());
            content.add(Content.Text.of(PROMPT));
            turns.set(turns.size() - 1, last.withContent(content));
            builder.messages(turns);
        }
        return builder.build();
    }

    @Override
    public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return TaggedThinkingStream.apply(events, OPEN, CLOSE);
    }
}
