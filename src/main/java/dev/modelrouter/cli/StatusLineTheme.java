package dev.modelrouter.cli;

import dev.modelrouter.config.RouterConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The modules of config.json's {@code StatusLine} style in force and how they are drawn: the
 * {@code default} style as coloured words separated by spaces, {@code powerline} as coloured blocks
 * joined by arrows (U+E0B0, a Powerline or Nerd font glyph).
 *
 * @param modules in display order
 * @param powerline whether the style is ccr's {@code powerline}
 */
record StatusLineTheme(List<Module> modules, boolean powerline) {

    /** Module types drawn from their templates; a {@code script} module runs its {@code scriptPath} instead. */
    static final Set<String> SUPPORTED =
            Set.of("workDir", "gitBranch", "model", "usage", "cost", "duration", "lines", "context", "speed");

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\w+)}}");
    private static final String RESET = "\u001b[0m";
    private static final String ARROW = "\uE0B0";

    /**
     * One module of a style.
     *
     * @param type what it shows ({@link #SUPPORTED}, or {@code script}; others are skipped)
     * @param icon shown before the text, "" for none
     * @param text the template
     * @param script a {@code script} module's module file, resolved beside config.json
     * @param options what a {@code script} module's function is given besides the values
     */
    record Module(
            String type,
            String icon,
            String text,
            @Nullable StatusColor color,
            @Nullable StatusColor background,
            @Nullable Path script,
            JsonNode options) {

        Module(String type, String icon, String text, @Nullable StatusColor color, @Nullable StatusColor background) {
            this(type, icon, text, color, background, null, MissingNode.getInstance());
        }
    }

    /**
     * The theme {@code statusLine} (config.json's {@code StatusLine}, missing when absent) selects; ccr's
     * built-in one when it is absent, disabled or names no modules. {@code simpleIcons} drops the icons of a
     * built-in theme, for terminals without a Nerd font; a {@code scriptPath} is resolved beside {@code configFile}.
     */
    static StatusLineTheme of(JsonNode statusLine, boolean simpleIcons, Path configFile) {
        String style = statusLine.path("currentStyle").asString("default");
        boolean enabled = statusLine.path("enabled").asBoolean(false)
                || statusLine.path("enabled").asString("").equals("true");
        boolean powerline = style.equals("powerline");
        JsonNode modules = statusLine.path(style).path("modules");
        if (!enabled || !modules.isArray() || modules.isEmpty()) {
            return builtIn(enabled && powerline, simpleIcons);
        }
        List<Module> list = new ArrayList<>();
        for (JsonNode m : modules.values()) {
            String type = m.path("type").asString("");
            String scriptPath = m.path("scriptPath").asString("");
            list.add(new Module(
                    type,
                    m.path("icon").asString(""),
                    m.path("text").asString(defaultText(type)),
                    StatusColor.parse(text(m.path("color"))),
                    StatusColor.parse(text(m.path("background"))),
                    scriptPath.isBlank() ? null : RouterConfig.resolveBeside(configFile, scriptPath),
                    m.path("options")));
        }
        return new StatusLineTheme(List.copyOf(list), powerline);
    }

    /** ccr's default theme (workDir, gitBranch, model, input and output tokens), or its powerline variant. */
    static StatusLineTheme builtIn(boolean powerline, boolean simpleIcons) {
        String[][] rows = {
            {"workDir", "\uDB80\uDE4B", "{{workDirName}}", "bright_blue", "bg_bright_blue"},
            {"gitBranch", "\uE725", "{{gitBranch}}", "bright_magenta", "bg_bright_magenta"},
            {"model", "\uDB81\uDEA9", "{{model}}", "bright_cyan", "bg_bright_cyan"},
            {"usage", "↑", "{{inputTokens}}", "bright_green", "bg_bright_green"},
            {"usage", "↓", "{{outputTokens}}", "bright_yellow", "bg_bright_yellow"},
        };
        List<Module> list = new ArrayList<>();
        for (String[] r : rows) {
            String icon = simpleIcons && !r[1].matches("[↑↓]") ? "" : r[1];
            list.add(
                    powerline
                            ? new Module(r[0], icon, r[2], StatusColor.parse("white"), StatusColor.parse(r[4]))
                            : new Module(r[0], icon, r[2], StatusColor.parse(r[3]), null));
        }
        return new StatusLineTheme(List.copyOf(list), powerline);
    }

    /** Whether a module of {@code type} is drawn. */
    boolean has(String type) {
        return modules.stream().anyMatch(m -> m.type().equals(type));
    }

    /**
     * The line for these values; a module whose text comes out empty, or of an unknown type, is left out.
     * {@code env} names the {@code node} that runs {@code script} modules and their time limit.
     */
    String render(Map<String, String> vars, Map<String, String> env) {
        List<String> texts = new ArrayList<>();
        List<Module> shown = new ArrayList<>();
        // the script modules share one budget (a second), so a line with several is no slower than one
        long scriptsEnd = System.nanoTime() + StatusScript.budgetMillis(env) * 1_000_000;
        for (Module m : modules) {
            long left = (scriptsEnd - System.nanoTime()) / 1_000_000;
            String text = m.type().equals("script")
                    ? (m.script() == null ? "" : StatusScript.run(m.script(), vars, m.options(), env, left))
                    : SUPPORTED.contains(m.type()) ? fill(m.text(), vars) : "";
            if (!text.isBlank()) {
                texts.add(m.icon().isEmpty() ? text : m.icon() + " " + text);
                shown.add(m);
            }
        }
        return powerline ? powerline(shown, texts) : plain(shown, texts);
    }

    private static String plain(List<Module> shown, List<String> texts) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            Module m = shown.get(i);
            String escapes = (m.background() == null ? "" : m.background().bg())
                    + (m.color() == null ? "" : m.color().fg());
            line.append(i == 0 ? "" : " ").append(escapes).append(texts.get(i)).append(escapes.isEmpty() ? "" : RESET);
        }
        return line.toString();
    }

    private static String powerline(List<Module> shown, List<String> texts) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            Module m = shown.get(i);
            StatusColor bg = background(m);
            StatusColor fg = m.color() == null ? new StatusColor(7, 0) : m.color();
            line.append(bg.bg())
                    .append(fg.fg())
                    .append(' ')
                    .append(texts.get(i))
                    .append(' ');
            if (i + 1 < shown.size()) {
                line.append(bg.fg()).append(background(shown.get(i + 1)).bg()).append(ARROW);
            } else {
                line.append(RESET).append(bg.fg()).append(ARROW).append(RESET);
            }
        }
        return line.toString();
    }

    private static StatusColor background(Module m) {
        return m.background() == null ? new StatusColor(12, 0) : m.background();
    }

    /** {@code template} with each {@code {{name}}} replaced; "" when it names values and all are empty. */
    static String fill(String template, Map<String, String> vars) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        boolean named = false;
        boolean anyValue = false;
        while (matcher.find()) {
            String value = vars.getOrDefault(matcher.group(1), "");
            named = true;
            anyValue |= !value.isEmpty();
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return named && !anyValue ? "" : out.toString();
    }

    private static String defaultText(String type) {
        switch (type) {
            case "workDir":
                return "{{workDirName}}";
            case "gitBranch":
                return "{{gitBranch}}";
            case "model":
                return "{{model}}";
            case "usage":
                return "↑{{inputTokens}} ↓{{outputTokens}}";
            case "cost":
                return "{{cost}}";
            case "duration":
                return "{{duration}}";
            case "lines":
                return "+{{linesAdded}}/-{{linesRemoved}}";
            case "context":
                return "{{contextPercent}}% / {{contextWindowSize}}";
            case "speed":
                return "{{tokenSpeed}} t/s {{isStreaming}}";
            default:
                return "";
        }
    }

    private static @Nullable String text(JsonNode n) {
        return n.isString() ? n.asString() : null;
    }
}
