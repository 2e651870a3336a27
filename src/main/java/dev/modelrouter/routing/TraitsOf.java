package dev.modelrouter.routing;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Routing facts of a decoded request (clients other than Anthropic's, whose bodies are scanned
 * without decoding), and removal of the sub-agent tag before the request goes upstream.
 */
public final class TraitsOf {

    private static final Pattern TAG =
            Pattern.compile("<CCR-SUBAGENT-MODEL>(.*?)</CCR-SUBAGENT-MODEL>\\s*", Pattern.DOTALL);

    private TraitsOf() {}

    /** The routing facts of {@code request}; tokens are counted only if routing asks. */
    public static RequestTraits of(ChatRequest request, TokenCounter counter) {
        return of(request, () -> counter.count(request));
    }

    /** The routing facts of {@code request}, its token count from {@code tokens} if routing asks. */
    public static RequestTraits of(ChatRequest request, IntSupplier tokens) {
        String subagent = null;
        long textBytes = 0;
        for (Content.Text t : request.system()) {
            textBytes += utf8(t.text());
            if (subagent == null) {
                Matcher m = TAG.matcher(t.text());
                if (m.find()) {
                    subagent = m.group(1).trim();
                }
            }
        }
        boolean image = false;
        for (Message m : request.messages()) {
            boolean hasImage = false;
            for (Content c : m.content()) {
                textBytes += textBytes(c);
                hasImage |= hasImage(c);
            }
            if (m.role() == Role.USER) {
                image = hasImage;
            }
        }
        boolean webSearch = false;
        for (Tool t : request.tools()) {
            webSearch |= t instanceof Tool.Server s && s.isWebSearch();
            if (t instanceof Tool.Function f) {
                textBytes += utf8(f.name())
                        + utf8(f.description())
                        + f.inputSchema().toString().length();
            }
        }
        Integer budget = request.thinking() instanceof Thinking.Enabled e ? e.budgetTokens() : null;
        return new RequestTraits(
                request.model(),
                subagent,
                budget,
                request.effort(),
                webSearch,
                image,
                request.sampling().maxTokens(),
                request.tools().size(),
                request.responseSchema() != null,
                textBytes,
                tokens);
    }

    /** The request without sub-agent tags in its system prompt; blocks left blank are dropped. */
    public static ChatRequest withoutSubagentTag(ChatRequest request) {
        boolean any = false;
        for (Content.Text t : request.system()) {
            any |= t.text().contains("<CCR-SUBAGENT-MODEL>");
        }
        if (!any) {
            return request;
        }
        List<Content.Text> system = new ArrayList<>();
        for (Content.Text t : request.system()) {
            String text = TAG.matcher(t.text()).replaceAll("");
            if (!text.isBlank()) {
                system.add(new Content.Text(text, t.cache()));
            }
        }
        return request.toBuilder().system(system).build();
    }

    private static boolean hasImage(Content c) {
        if (c instanceof Content.Image) {
            return true;
        }
        if (c instanceof Content.ToolResult r) {
            for (Content inner : r.content()) {
                if (inner instanceof Content.Image) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long textBytes(Content c) {
        if (c instanceof Content.Text t) {
            return utf8(t.text());
        } else if (c instanceof Content.Thinking t) {
            return utf8(t.text());
        } else if (c instanceof Content.ToolUse u) {
            return u.input().toString().length();
        } else if (c instanceof Content.ToolReference r) {
            return utf8(r.toolName());
        } else if (c instanceof Content.ToolResult r) {
            long n = 0;
            for (Content inner : r.content()) {
                n += textBytes(inner);
            }
            return n;
        }
        return 0;
    }

    private static long utf8(@Nullable String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
