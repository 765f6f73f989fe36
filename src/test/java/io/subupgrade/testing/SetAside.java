package io.subupgrade.testing;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.operator;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Steps of the set-aside tests: the operators' list and retry, and the counter as Prometheus reads it. */
public final class SetAside {
    private SetAside() {}

    /** The open entries of {@code job} for {@code rowId} (one page of 100, newest first). */
    public static List<Map<String, Object>> entriesFor(String job, String rowId) {
        List<Map<String, Object>> page = operator()
                .queryParam("job", job)
                .queryParam("limit", 100)
                .get("/v1/jobs/set-aside")
                .then()
                .statusCode(200)
                .extract()
                .path("data");
        return page.stream().filter(e -> rowId.equals(e.get("rowId"))).toList();
    }

    /** Retries the entry; returns it as answered. */
    public static Map<String, Object> retry(String setAsideId) {
        return operator()
                .post("/v1/jobs/set-aside/" + setAsideId + "/retry")
                .then()
                .statusCode(200)
                .extract()
                .path("$");
    }

    /** {@code subupgrade_job_rows_set_aside_total{job}} from the management port's /q/metrics. */
    public static double counted(URL metrics, String job) {
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        Pattern line = Pattern.compile("^subupgrade_job_rows_set_aside_total\\{(.*)}\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            if (m.group(1).contains("job=\"" + job + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no subupgrade_job_rows_set_aside_total{job=\"" + job + "\"} in\n" + text);
    }
}
