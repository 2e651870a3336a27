package dev.modelrouter.observe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds Anthropic's {@code message_start} and {@code message_delta} frames in an event stream, byte by
 * byte across chunk boundaries, and parses only their data. Every other line is skipped without being
 * copied, so a long answer costs one pass over its bytes.
 */
final class SseUsageScanner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_START = "message_start".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_DELTA = "message_delta".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_EVENT = 64;
    // message_start carries no content; a frame this large is not one we want
    private static final int MAX_DATA = 1 << 20;

    private enum Line {
        PREFIX,
        EVENT,
        DATA,
        SKIP
    }

    private enum Event {
        NONE,
        WANTED,
        OTHER
    }

    private final UsageTap tap;
    private final byte[] prefix = new byte[EVENT.length];
    private final byte[] eventName = new byte[MAX_EVENT];
    private byte[] data = new byte[256];
    private Line line = Line.PREFIX;
    private Event event = Event.NONE;
    private int prefixLength;
    private int eventLength;
    private int dataLength;
    private boolean dataLineStart;
    private boolean keepData = true;

    SseUsageScanner(UsageTap tap) {
        this.tap = tap;
    }

    void feed(byte[] chunk, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = chunk[i];
            if (b == '\n') {
                endLine();
                continue;
            }
            switch (line) {
                case PREFIX -> prefix(b);
                case EVENT -> {
                    if (eventLength < MAX_EVENT) {
                        eventName[eventLength++] = b;
                    }
                }
                case DATA -> dataByte(b);
                case SKIP -> {
                    // a line we do not need: skip to its end without copying
                    int nl = indexOf(chunk, (byte) '\n', i + 1, end);
                    if (nl < 0) {
                        return;
                    }
                    i = nl - 1;
                }
                default -> throw new IllegalStateException(line.name());
            }
        }
    }

    private void prefix(byte b) {
        prefix[prefixLength++] = b;
        if (prefixLength == DATA.length && startsWith(prefix, prefixLength, DATA)) {
            if (event == Event.OTHER || !keepData) {
                line = Line.SKIP;
                return;
            }
            line = Line.DATA;
            dataLineStart = true;
            if (dataLength > 0) {
                append((byte) '\n');
            }
        } else if (prefixLength == EVENT.length) {
            line = startsWith(prefix, prefixLength, EVENT) ? Line.EVENT : Line.SKIP;
            eventLength = 0;
        }
    }

    private void dataByte(byte b) {
        if (dataLineStart) {
            dataLineStart = false;
            if (b == ' ') {
                return;
            }
        }
        if (dataLength >= MAX_DATA) {
            keepData = false;
            dataLength = 0;
            line = Line.SKIP;
            return;
        }
        append(b);
    }

    private void endLine() {
        switch (line) {
            case PREFIX -> {
                if (prefixLength == 0 || prefixLength == 1 && prefix[0] == '\r') {
                    dispatch();
                }
            }
            case EVENT -> readEvent();
            case DATA -> {
                if (dataLength > 0 && data[dataLength - 1] == '\r') {
                    dataLength--;
                }
            }
            case SKIP -> {}
            default -> throw new IllegalStateException(line.name());
        }
        line = Line.PREFIX;
        prefixLength = 0;
    }

    private void readEvent() {
        int from = 0;
        int to = eventLength;
        while (from < to && eventName[from] == ' ') {
            from++;
        }
        if (to > from && eventName[to - 1] == '\r') {
            to--;
        }
        byte[] name = Arrays.copyOfRange(eventName, from, to);
        event = Arrays.equals(name, MESSAGE_START) || Arrays.equals(name, MESSAGE_DELTA) ? Event.WANTED : Event.OTHER;
        if (event == Event.OTHER) {
            dataLength = 0;
        }
    }

    // a blank line ends the frame
    private void dispatch() {
        try {
            boolean wanted = event == Event.WANTED
                    || event == Event.NONE && (contains(MESSAGE_START) || contains(MESSAGE_DELTA));
            if (wanted && dataLength > 0) {
                parse();
            }
        } finally {
            event = Event.NONE;
            dataLength = 0;
            keepData = true;
        }
    }

    private void parse() {
        JsonNode root;
        try {
            root = JSON.readTree(data, 0, dataLength);
        } catch (JacksonException e) {
            return; // not ours to judge: the bytes go to the client unchanged either way
        }
        String type = root.path("type").asString("");
        if (type.equals("message_start")) {
            JsonNode usage = root.path("message").path("usage");
            if (usage.isObject()) {
                tap.start(usage);
            }
        } else if (type.equals("message_delta")) {
            JsonNode usage = root.path("usage");
            if (usage.isObject()) {
                tap.delta(usage);
            }
        }
    }

    private void append(byte b) {
        if (dataLength == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[dataLength++] = b;
    }

    private boolean contains(byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= dataLength; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] start) {
        if (length < start.length) {
            return false;
        }
        for (int i = 0; i < start.length; i++) {
            if (bytes[i] != start[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
