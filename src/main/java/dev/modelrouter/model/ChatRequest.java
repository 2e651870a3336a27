package dev.modelrouter.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request for one model answer, independent of any wire protocol.
 *
 * @param model the model name as the client wrote it, or the upstream model once routed
 * @param system the system prompt's text blocks, in order
 * @param messages the conversation
 * @param tools the tools the model may call
 * @param toolChoice how it may call them, or {@code null} for the provider's default
 * @param sampling output limits and sampling parameters
 * @param thinking reasoning settings, or {@code null} when the client said nothing
 * @param effort a requested effort level ({@code low}, {@code medium}, {@code high}, {@code xhigh},
 *     {@code max}), or {@code null}
 * @param responseSchema a JSON Schema the answer must follow, or {@code null}
 * @param stream whether the client wants the answer streamed
 * @param user an opaque end-user or session identifier, or {@code null}
 * @param extensions provider-specific fields passed through untouched, keyed by their wire name; the
 *     egress encoder merges them into the provider body
 */
public record ChatRequest(
        String model,
        List<Content.Text> system,
        List<Message> messages,
        List<Tool> tools,
        @Nullable ToolChoice toolChoice,
        Sampling sampling,
        @Nullable Thinking thinking,
        @Nullable String effort,
        @Nullable JsonNode responseSchema,
        boolean stream,
        @Nullable String user,
        Map<String, JsonNode> extensions) {

    public ChatRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A builder starting from nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this request. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy for another model. */
    public ChatRequest withModel(String value) {
        return toBuilder().model(value).build();
    }

    /** A copy with another conversation. */
    public ChatRequest withMessages(List<Message> value) {
        return toBuilder().messages(value).build();
    }

    /** A copy with other sampling settings. */
    public ChatRequest withSampling(Sampling value) {
        return toBuilder().sampling(value).build();
    }

    /** Mutable builder of a {@link ChatRequest}; {@link #build()} validates nothing but nulls. */
    public static final class Builder {
        private String model = "";
        private List<Content.Text> system = new ArrayList<>();
        private List<Message> messages = new ArrayList<>();
        private List<Tool> tools = new ArrayList<>();
        private @Nullable ToolChoice toolChoice;
        private Sampling sampling = Sampling.DEFAULT;
        private @Nullable Thinking thinking;
        private @Nullable String effort;
        private @Nullable JsonNode responseSchema;
        private boolean stream;
        private @Nullable String user;
        private Map<String, JsonNode> extensions = new LinkedHashMap<>();

        Builder() {}

        Builder(ChatRequest r) {
            model = r.model;
            system = new ArrayList<>(r.system);
            messages = new ArrayList<>(r.messages);
            tools = new ArrayList<>(r.tools);
            toolChoice = r.toolChoice;
            sampling = r.sampling;
            thinking = r.thinking;
            effort = r.effort;
            responseSchema = r.responseSchema;
            stream = r.stream;
            user = r.user;
            extensions = new LinkedHashMap<>(r.extensions);
        }

        /** Sets the model name. */
        public Builder model(String value) {
            model = value;
            return this;
        }

        /** Replaces the system blocks. */
        public Builder system(List<Content.Text> value) {
            system = new ArrayList<>(value);
            return this;
        }

        /** Replaces the conversation. */
        public Builder messages(List<Message> value) {
            messages = new ArrayList<>(value);
            return this;
        }

        /** Appends one turn. */
        public Builder addMessage(Message value) {
            messages.add(value);
            return this;
        }

        /** Replaces the tools. */
        public Builder tools(List<Tool> value) {
            tools = new ArrayList<>(value);
            return this;
        }

        /** Sets the tool choice. */
        public Builder toolChoice(@Nullable ToolChoice value) {
            toolChoice = value;
            return this;
        }

        /** Sets sampling and limits. */
        public Builder sampling(Sampling value) {
            sampling = value;
            return this;
        }

        /** Sets the reasoning settings. */
        public Builder thinking(@Nullable Thinking value) {
            thinking = value;
            return this;
        }

        /** Sets the effort level. */
        public Builder effort(@Nullable String value) {
            effort = value;
            return this;
        }

        /** Sets the answer's JSON Schema. */
        public Builder responseSchema(@Nullable JsonNode value) {
            responseSchema = value;
            return this;
        }

        /** Sets whether to stream. */
        public Builder stream(boolean value) {
            stream = value;
            return this;
        }

        /** Sets the end-user identifier. */
        public Builder user(@Nullable String value) {
            user = value;
            return this;
        }

        /** Replaces the pass-through fields. */
        public Builder extensions(Map<String, JsonNode> value) {
            extensions = new LinkedHashMap<>(value);
            return this;
        }

        /** Adds or replaces one pass-through field. */
        public Builder extension(String key, JsonNode value) {
            extensions.put(key, value);
            return this;
        }

        /** The request. */
        public ChatRequest build() {
            return new ChatRequest(
                    model,
                    system,
                    messages,
                    tools,
                    toolChoice,
                    sampling,
                    thinking,
                    effort,
                    responseSchema,
                    stream,
                    user,
                    extensions);
        }
    }
}
