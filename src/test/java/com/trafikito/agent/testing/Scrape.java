package com.trafikito.agent.testing;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /q/metrics}, parsed from the Prometheus text format. A sample's key is its name and its
 * labels sorted by name, without the trailing comma some exporters write: {@code agent_cycles_total{outcome="ok"}}.
 */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    private final Map<String, Double> samples = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            samples.put(key(m.group(1), m.group(3)), Double.parseDouble(m.group(4)));
        }
    }

    public static Scrape now() {
        return new Scrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** A scrape asking for one exposition format, e.g. {@code text/plain; version=0.0.4}. */
    public static Scrape now(String accept) {
        return new Scrape(given().accept(accept).get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static Scrape of(String text) {
        return new Scrape(text);
    }

    /** The value of a sample, e.g. {@code value("agent_cycles_total", "outcome", "ok")}; null when absent. */
    public Double value(String name, String... labels) {
        StringBuilder wanted = new StringBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
        }
        return samples.get(key(name, wanted.toString()));
    }

    /** {@link #value} or 0 when absent, for deltas. */
    public double valueOrZero(String name, String... labels) {
        Double v = value(name, labels);
        return v == null ? 0 : v;
    }

    public List<String> keysStartingWith(String prefix) {
        return samples.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    public String text() {
        return text;
    }

    private static String key(String name, String labelText) {
        if (labelText == null || labelText.isBlank()) {
            return name;
        }
        Map<String, String> sorted = new TreeMap<>();
        Matcher m = LABEL.matcher(labelText);
        while (m.find()) {
            sorted.put(m.group(1), m.group(2));
        }
        StringBuilder key = new StringBuilder(name).append('{');
        sorted.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",")
                .append(k).append("=\"").append(v).append('"'));
        return key.append('}').toString();
    }
}
