/** Spring Boot wiring, the HTTP endpoints, authentication and error mapping. */
@NullMarked
package dev.modelrouter.server;

import org.jspecify.annotations.NullMarked;
