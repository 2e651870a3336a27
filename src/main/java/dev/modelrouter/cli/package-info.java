/** The {@code router} command line: the daemon's foreground runner and the client commands that talk to it. */
@NullMarked
package dev.modelrouter.cli;

import org.jspecify.annotations.NullMarked;
