/**
 * The plugin surface: {@link dev.modelrouter.spi.Transformer}s that rewrite requests and answers on
 * their way to and from a provider, their {@link dev.modelrouter.spi.TransformerFactory}s, and
 * {@link dev.modelrouter.spi.RouteRule}s that choose a request's target. Plugins compile against this
 * package and {@code dev.modelrouter.model} alone.
 */
@NullMarked
package dev.modelrouter.spi;

import org.jspecify.annotations.NullMarked;
