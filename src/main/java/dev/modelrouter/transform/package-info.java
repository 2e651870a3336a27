/**
 * The built-in transformers with claude-code-router's names and options, the registry that names them
 * (and plugins), and the per-provider chain that applies them to requests, bodies and answers.
 */
@NullMarked
package dev.modelrouter.transform;

import org.jspecify.annotations.NullMarked;
