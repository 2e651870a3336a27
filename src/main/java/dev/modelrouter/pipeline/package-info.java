/** One exchange end to end: read the client request, route it, call the upstream, answer in the client's protocol. */
@NullMarked
package dev.modelrouter.pipeline;

import org.jspecify.annotations.NullMarked;
