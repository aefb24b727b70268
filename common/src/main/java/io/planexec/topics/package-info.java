/** Topic names. */
package io.planexec.topics;
