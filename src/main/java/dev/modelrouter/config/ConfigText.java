package dev.modelrouter.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * The text of config.json as the web UI's editor sees it: literal keys masked (each as a numbered
 * placeholder that {@link #unmask} puts back from the file), and where each value stands, so a problem
 * found at a JSON path is shown at its line. {@code $VAR} references are left as written: they are not
 * secrets. The text itself is never rewritten otherwise, so comments and layout survive the round trip.
 */
public final class ConfigText {

    /** Fields whose literal strings are keys; the names compare lower-case without {@code _} or {@code -}. */
    private static final Set<String> SECRET_FIELDS =
            Set.of("apikey", "apikeys", "authorization", "token", "accesstoken", "secret", "clientsecret", "password");

    private static final Pattern PLACEHOLDER = Pattern.compile("\"<masked key (\\d+)>\"");
    private static final Pattern LINE_COLUMN = Pattern.compile("at line (\\d+), column (\\d+)");

    /** A place in the text, both counted from 1. */
    public record Position(int line, int column) {}

    private record Range(int start, int end) {}

    private final String text;
    private final Map<String, Position> positions = new HashMap<>();
    private final List<Range> secrets = new ArrayList<>();

    private ConfigText(String text) {
        this.text = text;
    }

    /** Reads {@code text}; a text that is not JSON5 gives what was read up to the syntax error. */
    public static ConfigText of(String text) {
        ConfigText out = new ConfigText(text);
        try (JsonParser p = JsonTrees.parser(JsonTrees.JSON5, text)) {
            out.walk(p);
        } catch (JacksonException e) {
            // positions up to the error are known; the syntax problem carries its own line and column
        }
        return out;
    }

    /** The text with each literal key replaced by {@code "<masked key N>"}. */
    public String masked() {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int i = 0; i < secrets.size(); i++) {
            Range r = secrets.get(i);
            out.append(text, at, r.start())
                    .append("\"<masked key ")
                    .append(i + 1)
                    .append(">\"");
            at = r.end();
        }
        return out.append(text.substring(at)).toString();
    }

    /**
     * {@code edited} with each placeholder replaced by the literal it stands for in {@code original}
     * (the file's text); a placeholder with no such literal is left, and then fails as a key would.
     */
    public static String unmask(String edited, String original) {
        Matcher m = PLACEHOLDER.matcher(edited);
        if (!m.find()) {
            return edited;
        }
        ConfigText source = of(original);
        StringBuilder out = new StringBuilder(edited.length());
        do {
            int n = Integer.parseInt(m.group(1));
            String literal = n >= 1 && n <= source.secrets.size()
                    ? original.substring(
                            source.secrets.get(n - 1).start(),
                            source.secrets.get(n - 1).end())
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(literal));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Where a problem stands: the value at {@code path}, or its nearest parent that is in the text; for
     * a syntax problem ({@code $}) the line and column its message names.
     */
    public Optional<Position> at(String path, String message) {
        if (path.equals("$")) {
            Matcher m = LINE_COLUMN.matcher(message);
            return m.find()
                    ? Optional.of(new Position(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                    : Optional.empty();
        }
        for (String p = path; !p.equals("$") && !p.isEmpty(); p = parent(p)) {
            Position found = positions.get(p);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "$" : path.substring(0, cut);
    }

    private void walk(JsonParser p) {
        // each open container: its path, and the next array index (-1 for an object)
        Deque<String> paths = new ArrayDeque<>();
        Deque<int[]> indices = new ArrayDeque<>();
        String field = null;
        boolean secretArray = false;
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (t == JsonToken.PROPERTY_NAME) {
                field = p.currentName();
                put(paths.peek() + "." + field, p.currentTokenLocation());
                continue;
            }
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                paths.pop();
                indices.pop();
                secretArray = false;
                continue;
            }
            String path = valuePath(paths, indices, field);
            put(path, p.currentTokenLocation());
            boolean secretField = field != null && !indices.isEmpty() && indices.peek()[0] < 0 && secret(field);
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                secretArray = t == JsonToken.START_ARRAY && secretField;
                paths.push(path);
                indices.push(new int[] {t == JsonToken.START_ARRAY ? 0 : -1});
                field = null;
                continue;
            }
            boolean inArray = !indices.isEmpty() && indices.peek()[0] >= 0;
            if (t == JsonToken.VALUE_STRING
                    && (inArray ? secretArray : secretField)
                    && !p.getString().startsWith("$")) {
                secrets.add(new Range((int) p.currentTokenLocation().getCharOffset(), (int)
                        p.currentLocation().getCharOffset()));
            }
        }
    }

    private static String valuePath(Deque<String> paths, Deque<int[]> indices, String field) {
        if (paths.isEmpty()) {
            return "$";
        }
        int[] index = indices.peek();
        return index[0] >= 0 ? paths.peek() + "[" + index[0]++ + "]" : paths.peek() + "." + field;
    }

    private void put(String path, TokenStreamLocation at) {
        positions.putIfAbsent(path, new Position(at.getLineNr(), at.getColumnNr()));
    }

    private static boolean secret(String field) {
        return SECRET_FIELDS.contains(
                field.toLowerCase(Locale.ROOT).replace("_", "").replace("-", ""));
    }
}
