package io.logpulse.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The page and its assets, read from the classpath once at start: the page's own files from {@code dashboard/},
 * uPlot from its webjar (whose version is read from the webjar itself, so the pom names it once). Only these paths
 * are served; there is no file system behind {@code /static/}.
 */
final class StaticFiles {

    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    /** A file as served: its bytes and content type. */
    record File(byte[] bytes, String contentType) {
    }

    private final Map<String, File> byPath;

    StaticFiles() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        byPath = Map.of(
                "/", file("dashboard/index.html"),
                "/static/dashboard.js", file("dashboard/dashboard.js"),
                "/static/dashboard.css", file("dashboard/dashboard.css"),
                "/static/uPlot.iife.min.js", file(uplot + "uPlot.iife.min.js"),
                "/static/uPlot.min.css", file(uplot + "uPlot.min.css"));
    }

    /** The file at a request path, or null. */
    File at(String path) {
        return byPath.get(path);
    }

    private static String uplotVersion() {
        try (InputStream in = resource(UPLOT_POM)) {
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
    }

    private static File file(String name) {
        try (InputStream in = resource(name)) {
            return new File(in.readAllBytes(), contentType(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            // A jar built without the dashboard's resources or the webjar would serve a blank page: say so at start.
            throw new IllegalStateException("the classpath has no " + name + ": build the jar with mvn package, whose"
                    + " shade plugin keeps the uPlot webjar");
        }
        return in;
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
