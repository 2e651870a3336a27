package dev.modelrouter.cli;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A status-line colour as ccr's config names it: one of the 16 terminal colours ({@code bright_blue},
 * {@code bg_red}; the {@code bg_} prefix only says where it goes) or {@code #rgb}/{@code #rrggbb} for 24-bit.
 *
 * @param index 0-15 for a named colour (8-15 the bright ones), -1 for a 24-bit one
 * @param rgb the 24-bit colour when {@code index} is -1
 */
record StatusColor(int index, int rgb) {

    private static final List<String> NAMES =
            List.of("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white");

    /** The colour {@code name} means, or null for one ccr does not know (rendered without a colour). */
    static @Nullable StatusColor parse(@Nullable String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("bg_")) {
            n = n.substring(3);
        }
        if (n.startsWith("#")) {
            return hex(n.substring(1));
        }
        boolean bright = n.startsWith("bright_");
        int i = NAMES.indexOf(bright ? n.substring(7) : n);
        if (i >= 0) {
            return new StatusColor(bright ? i + 8 : i, 0);
        }
        return n.matches("[0-9a-f]{3}|[0-9a-f]{6}") ? hex(n) : null;
    }

    private static @Nullable StatusColor hex(String h) {
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        if (!h.matches("[0-9a-fA-F]{6}")) {
            return null;
        }
        return new StatusColor(-1, Integer.parseInt(h, 16));
    }

    /** The escape that makes this the text colour. */
    String fg() {
        return sgr(30, 90, 38);
    }

    /** The escape that makes this the background colour. */
    String bg() {
        return sgr(40, 100, 48);
    }

    private String sgr(int normal, int bright, int extended) {
        if (index < 0) {
            return "\u001b[" + extended + ";2;" + (rgb >> 16 & 0xff) + ";" + (rgb >> 8 & 0xff) + ";" + (rgb & 0xff)
                    + "m";
        }
        return "\u001b[" + (index < 8 ? normal + index : bright + index - 8) + "m";
    }
}
