package dev.tcpspec.cli;

import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.spi.StackAdapter;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Third-party stacks for the command line: a class named by {@code --stack-class}, or stacks listed in
 * {@code META-INF/services/dev.tcpspec.spi.StackAdapter} or {@code META-INF/services/dev.tcpspec.spi.SegmentStack}
 * on tcpspec's classpath or in the jars and directories of {@code --classpath}. Each problem is an
 * {@link IllegalArgumentException} that says what is wrong and what would be right.
 */
final class StackLoader implements AutoCloseable {
    private final String classpath;
    private final ClassLoader loader;
    private final URLClassLoader owned;

    private StackLoader(String classpath, ClassLoader loader, URLClassLoader owned) {
        this.classpath = classpath;
        this.loader = loader;
        this.owned = owned;
    }

    /** Loads from {@code classpath} (entries separated by the platform's path separator) and tcpspec's own. */
    static StackLoader on(String classpath) {
        ClassLoader parent = StackLoader.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) return new StackLoader(null, parent, null);
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--classpath entry '" + entry + "' does not exist (give jars and "
                        + "directories separated by '" + File.pathSeparator + "')");
            }
            try {
                urls.add(p.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath entry '" + entry + "' is not a usable path: "
                        + e.getMessage(), e);
            }
        }
        URLClassLoader own = new URLClassLoader("tcpspec-stacks", urls.toArray(new URL[0]), parent);
        return new StackLoader(classpath, own, own);
    }

    /**
     * An instance of {@code className}: a {@link StackAdapter} (socket tier) or a {@link SegmentStack} (segment
     * tier), made with its public no-argument constructor.
     */
    Object instantiate(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class '" + className + "' not found "
                    + (classpath == null ? "on tcpspec's classpath; give its jar or directory with --classpath"
                    : "in --classpath " + classpath + " or on tcpspec's classpath"));
        } catch (LinkageError e) {
            throw new IllegalArgumentException("class '" + className + "' could not be loaded: " + e
                    + (e instanceof UnsupportedClassVersionError ? " (it was compiled for a newer Java than this JVM, "
                    + System.getProperty("java.specification.version") + ")" : ""), e);
        }
        boolean socketTier = StackAdapter.class.isAssignableFrom(c);
        boolean segmentTier = SegmentStack.class.isAssignableFrom(c);
        if (!socketTier && !segmentTier) {
            throw new IllegalArgumentException(className + " is neither a " + StackAdapter.class.getName()
                    + " (socket tier) nor a " + SegmentStack.class.getName() + " (segment tier)");
        }
        if (socketTier && segmentTier) {
            throw new IllegalArgumentException(className + " implements both StackAdapter and SegmentStack; a stack "
                    + "class implements the one tier it is written for");
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            throw new IllegalArgumentException(className + " is abstract; name a concrete class");
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            throw new IllegalArgumentException(className + " must be public for tcpspec to create it");
        }
        Constructor<?> constructor;
        try {
            constructor = c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(className + " needs a public no-argument constructor");
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("creating " + className + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("creating " + className + " failed: " + e, e);
        }
    }

    /**
     * The stacks the service files list, by name: StackAdapters and SegmentStacks. A provider that cannot be loaded,
     * or two with one name, are errors.
     */
    Map<String, Object> discovered() {
        Map<String, Object> byName = new LinkedHashMap<>();
        discover(StackAdapter.class, StackAdapter::name, byName);
        discover(SegmentStack.class, SegmentStack::name, byName);
        return byName;
    }

    private <T> void discover(Class<T> type, java.util.function.Function<T, String> name, Map<String, Object> into) {
        try {
            for (T stack : ServiceLoader.load(type, loader)) {
                Object earlier = into.putIfAbsent(name.apply(stack), stack);
                if (earlier != null && earlier.getClass() != stack.getClass()) {
                    throw new IllegalArgumentException("two stacks on the classpath are called '" + name.apply(stack)
                            + "': " + earlier.getClass().getName() + " and " + stack.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("a stack listed in META-INF/services/" + type.getName()
                    + " could not be loaded: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws java.io.IOException {
        if (owned != null) owned.close();
    }
}
