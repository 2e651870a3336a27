package dev.modelrouter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the {@code router} command with a given environment: exit code and output. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RouterCli.commandLine(new RouterCli(env), args)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
