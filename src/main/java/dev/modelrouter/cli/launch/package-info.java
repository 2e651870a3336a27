/**
 * The jar's own entry point: {@code java -jar model-router.jar serve} relaunches itself on the fast path
 * (extracted layout, class-data archive, the daemon's JVM options). JDK classes only: it runs from the
 * jar's root before Spring Boot's launcher opens the nested jars.
 */
@NullMarked
package dev.modelrouter.cli.launch;

import org.jspecify.annotations.NullMarked;
