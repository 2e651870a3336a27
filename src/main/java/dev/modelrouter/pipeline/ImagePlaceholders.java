package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.WireProtocol;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request side of ccr's image agent: decides whether a Claude Code turn goes through the agent, and
 * if so replaces each image the user sent (directly or in a tool result) by a numbered placeholder,
 * keeps the images aside by number, tells the model how to ask for them, and offers it the
 * {@value #TOOL} tool, forced when the last message brought a new image.
 *
 * <p>As in ccr: the agent is used only with a {@code Router.image} model, never for a request that already
 * names that model, and for an image in the last user message only with {@code forceUseImageAgent} (else
 * the router sends the turn to the image model itself). Images are numbered in message order, so the
 * same history gives the same numbers on every turn and no cache between requests is needed.
 */
final class ImagePlaceholders {

    /** The tool the model calls to have an image looked at. */
    static final String TOOL = "analyzeImage";

    private static final byte[] IMAGE = "\"image\"".getBytes(StandardCharsets.US_ASCII);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Claude Code's own {@code [Image #N]} references count images its own way, so ccr drops them. */
    private static final Pattern CLIENT_REFERENCE = Pattern.compile("\\[Image #\\d+]");

    static final String INSTRUCTION = """
            IMAGE ANALYSIS: you cannot see images directly.
            A text [Image #N] <<IMAGE PLACEHOLDER ...>> stands for an image the user provided.
            To learn what an image shows, call the analyzeImage tool with imageId ["N"] (the number N of its
            placeholder) and a task that says in detail what to find out. Never describe an image without
            calling analyzeImage first.""";

    /**
     * A turn prepared for the agent.
     *
     * @param body the request body with placeholders, the instruction and the tool
     * @param images the images' {@code source} objects by number ({@code "1"}, {@code "2"}, ...)
     * @param imageModel {@code Router.image}, {@code provider,model}
     * @param clientToolChoice the client's own {@code tool_choice}, or {@code null}
     */
    record Turn(
            ObjectNode body,
            Map<String, JsonNode> images,
            String imageModel,
            @Nullable JsonNode clientToolChoice) {}

    private ImagePlaceholders() {}

    /** The agent's turn for a Claude Code request with images a text model is to see, or null. */
    static @Nullable Turn turn(RouterConfig config, Inbound inbound, JsonMapper json) {
        if (inbound.protocol() != WireProtocol.ANTHROPIC
                || config.router().targets(Scenario.IMAGE).isEmpty()
                || !mentionsImage(inbound.body())) {
            return null;
        }
        try {
            return prepare(config, json.readTree(inbound.body()));
        } catch (JacksonException e) {
            return null; // the exchange answers the malformed body in the client's language
        }
    }

    /** A cheap look for {@code "image"} before a body is parsed for the agent. */
    private static boolean mentionsImage(byte[] body) {
        outer:
        for (int i = 0; i + IMAGE.length <= body.length; i++) {
            for (int k = 0; k < IMAGE.length; k++) {
                if (body[i + k] != IMAGE[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The prepared turn, or {@code null} when the agent stays out of this request. */
    static @Nullable Turn prepare(RouterConfig config, JsonNode body) {
        List<Target> image = config.router().targets(Scenario.IMAGE);
        JsonNode messages = body.path("messages");
        if (image.isEmpty() || !(body instanceof ObjectNode) || !messages.isArray() || messages.isEmpty()) {
            return null;
        }
        String imageModel = image.get(0).toString();
        if (imageModel.equals(body.path("model").asString("").trim())) {
            return null;
        }
        boolean anyImage = false;
        for (JsonNode message : messages) {
            anyImage |= userImages(message);
        }
        boolean lastImage = userImages(messages.get(messages.size() - 1));
        if (!anyImage || (lastImage && !config.forceUseImageAgent())) {
            return null;
        }
        ObjectNode copy = (ObjectNode) body.deepCopy();
        JsonNode clientToolChoice = body.get("tool_choice");
        Map<String, JsonNode> images = new LinkedHashMap<>();
        ArrayNode all = (ArrayNode) copy.get("messages");
        for (int i = 0; i < all.size(); i++) {
            if (userImages(all.get(i))) {
                replaceImages((ArrayNode) all.get(i).get("content"), images);
            }
        }
        instruct(copy);
        offerTool(copy);
        if (lastImage) {
            copy.set("tool_choice", NODES.objectNode().put("type", "tool").put("name", TOOL));
        }
        return new Turn(
                copy, Map.copyOf(images), imageModel, clientToolChoice == null ? null : clientToolChoice.deepCopy());
    }

    /** Whether {@code message} is a user message with an image, directly or in a tool result. */
    static boolean userImages(JsonNode message) {
        if (!"user".equals(message.path("role").asString(""))
                || !message.path("content").isArray()) {
            return false;
        }
        for (JsonNode block : message.get("content")) {
            if (isImage(block) || (block.path("content").isArray() && anyImage(block.get("content")))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyImage(JsonNode blocks) {
        for (JsonNode b : blocks) {
            if (isImage(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isImage(JsonNode block) {
        return "image".equals(block.path("type").asString(""));
    }

    private static void replaceImages(ArrayNode content, Map<String, JsonNode> images) {
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            if (isImage(block)) {
                content.set(i, placeholder(keep(block, images)));
            } else if ("text".equals(block.path("type").asString(""))
                    && block.path("text").asString("").contains("[Image #")) {
                ((ObjectNode) block)
                        .put(
                                "text",
                                CLIENT_REFERENCE
                                        .matcher(block.get("text").asString())
                                        .replaceAll(""));
            } else if (block.path("content").isArray() && anyImage(block.get("content"))) {
                // a tool result's images (a screenshot tool's answer) become placeholders in its text
                ArrayNode inner = NODES.arrayNode();
                for (JsonNode part : block.get("content")) {
                    inner.add(isImage(part) ? placeholder(keep(part, images)) : part);
                }
                ((ObjectNode) block).set("content", inner);
            }
        }
    }

    private static String keep(JsonNode image, Map<String, JsonNode> images) {
        String id = Integer.toString(images.size() + 1);
        images.put(id, image.path("source").deepCopy());
        return id;
    }

    private static ObjectNode placeholder(String id) {
        return NODES.objectNode()
                .put("type", "text")
                .put(
                        "text",
                        "[Image #" + id + "] <<IMAGE PLACEHOLDER: imageId=\"" + id + "\". Call " + TOOL + "(imageId=[\""
                                + id + "\"]) to view this image.>>");
    }

    private static void instruct(ObjectNode body) {
        JsonNode system = body.path("system");
        ArrayNode blocks = NODES.arrayNode();
        if (system.isString()) {
            blocks.add(NODES.objectNode().put("type", "text").put("text", system.asString()));
        } else if (system.isArray()) {
            blocks.addAll((ArrayNode) system);
        }
        blocks.add(NODES.objectNode().put("type", "text").put("text", INSTRUCTION));
        body.set("system", blocks);
    }

    private static void offerTool(ObjectNode body) {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties
                .putObject("imageId")
                .put("type", "array")
                .put("description", "the numbers of the images to analyse")
                .putObject("items")
                .put("type", "string");
        properties
                .putObject("task")
                .put("type", "string")
                .put("description", "what to find out from the image; the more detailed, the better");
        schema.putArray("required").add("imageId").add("task");
        ObjectNode tool = NODES.objectNode()
                .put("name", TOOL)
                .put(
                        "description",
                        "Analyse images by number and extract information such as text (OCR), objects, layout,"
                                + " colours or errors shown.");
        tool.set("input_schema", schema);
        ArrayNode tools = NODES.arrayNode().add(tool);
        if (body.path("tools").isArray()) {
            tools.addAll((ArrayNode) body.get("tools"));
        }
        body.set("tools", tools);
    }
}
