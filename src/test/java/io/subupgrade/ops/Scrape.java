package io.subupgrade.ops;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One read of /q/metrics (the Prometheus text format), as Prometheus would take it. */
record Scrape(List<Series> series) {
    /** One sample line: {@code name{labels} value}. */
    record Series(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape of(URL metrics) {
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Scrape(series);
    }

    /** The sum of the series with this name and at least these labels, if there is one. */
    Optional<Double> find(String name, String... labelPairs) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return series.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet()))
                .map(Series::value)
                .reduce(Double::sum);
    }

    /** As {@link #find}, and fails when the series is missing. */
    double value(String name, String... labelPairs) {
        return find(name, labelPairs)
                .orElseThrow(() -> new AssertionError("no series " + name + " " + List.of(labelPairs)));
    }

    Set<String> names() {
        return series.stream().map(Series::name).collect(Collectors.toSet());
    }

    Set<String> labelValues(String name, String label) {
        return series.stream()
                .filter(s -> s.name().equals(name) && s.labels().containsKey(label))
                .map(s -> s.labels().get(label))
                .collect(Collectors.toSet());
    }
}
