package io.planexec.kafka.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of the child JVMs of {@link ChildJvms}: runs another class's {@code main} and halts this JVM when the
 * process that started it is gone (checked every 500 ms), so that brokers and services started by a test or by {@code
 * planexec cluster} never outlive it, even when it was killed with {@code kill -9}.
 *
 * <p>Usage: {@code java -cp ... io.planexec.kafka.process.DieWithParent MAIN_CLASS [ARGS...]}
 */
public final class DieWithParent {

    private DieWithParent() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: DieWithParent MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent != null) {
            Thread watch = new Thread(
                    () -> {
                        while (parent.isAlive()) {
                            try {
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        System.err.println("planexec: the parent process " + parent.pid() + " is gone: stopping");
                        Runtime.getRuntime().halt(143);
                    },
                    "die-with-parent");
            watch.setDaemon(true);
            watch.start();
        }
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
