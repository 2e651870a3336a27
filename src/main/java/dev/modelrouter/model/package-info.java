/**
 * The canonical conversation every wire protocol is mapped to and from: requests, messages, content
 * blocks, tools, responses, usage and the block-indexed stream event vocabulary. It carries no wire
 * field names and no serialization annotations; plugins compile against it.
 */
@NullMarked
package dev.modelrouter.model;

import org.jspecify.annotations.NullMarked;
