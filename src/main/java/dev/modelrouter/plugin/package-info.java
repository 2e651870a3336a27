/**
 * Loads plugin jars (transformers and route rules) from {@code $ROUTER_HOME/plugins} and config.json's
 * {@code transformers} list, each in its own class loader that sees only the SPI, the model, Reactor
 * and Jackson, and guards every call into plugin code so a faulty plugin never takes the daemon down;
 * also runs claude-code-router's {@code CUSTOM_ROUTER_PATH} script and JS transformers together in one
 * Node.js child process ({@link dev.modelrouter.plugin.NodeHost}).
 */
@NullMarked
package dev.modelrouter.plugin;

import org.jspecify.annotations.NullMarked;
