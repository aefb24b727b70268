/** What the harnesses that run planexec's services as processes of their own share. */
package io.planexec.bench.process;
