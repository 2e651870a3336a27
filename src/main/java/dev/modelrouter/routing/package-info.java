/** Picks where a request goes: scenario detection, explicit and sub-agent targets, token counting. */
@NullMarked
package dev.modelrouter.routing;

import org.jspecify.annotations.NullMarked;
