package io.subupgrade.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subupgrade.testing.PostgresTestResource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V14 on a database that holds money written under V1-V13 (plain JUnit, its own database): every stored amount
 * reads back as the same number, a FINALIZED invoice stays frozen, and the columns then take exact amounts.
 */
class ExactMoneyMigrationTest {
    private static final String SUBSCRIPTION = "00000000-0000-7000-8000-000000000001";
    private static final String INVOICE = "00000000-0000-7000-8000-000000000004";

    /** Every money column and a query that reads it, one row each. */
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("offer.credit_amount", "SELECT credit_amount FROM offer WHERE id = 'MS-AZR-0044P'");
        COLUMNS.put("meter.unit_price_amount", "SELECT unit_price_amount FROM meter WHERE id = 'vm-b1s-hour'");
        COLUMNS.put("benefit_balance.original_amount", "SELECT original_amount FROM benefit_balance");
        COLUMNS.put("benefit_balance.remaining_amount", "SELECT remaining_amount FROM benefit_balance");
        for (String c : new String[] {"unit_price", "quantity", "cost", "covered_by_credit", "billable"}) {
            COLUMNS.put("usage_record." + c, "SELECT " + c + " FROM usage_record");
        }
        for (String c : new String[] {"subtotal", "credit_applied", "not_charged", "total"}) {
            COLUMNS.put("invoice." + c, "SELECT " + c + " FROM invoice");
        }
        for (String c : new String[] {"unit_price", "quantity", "amount"}) {
            COLUMNS.put("invoice_line." + c, "SELECT " + c + " FROM invoice_line");
        }
    }

    @Test
    void storedAmountsKeepTheirValueAndTheColumnsThenTakeExactOnes() throws Exception {
        PostgresTestResource database = new PostgresTestResource();
        Map<String, String> config = database.start();
        try {
            String url = config.get("quarkus.datasource.jdbc.url");
            String user = config.get("quarkus.datasource.username");
            String password = config.get("quarkus.datasource.password");
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .cleanDisabled(false)
                    .target("13")
                    .load();
            flyway.clean(); // a database from the environment may hold an earlier run
            flyway.migrate();
            try (Connection c = DriverManager.getConnection(url, user, password);
                    Statement st = c.createStatement()) {
                writeUnderV13(st);
                Map<String, BigDecimal> before = read(st);

                Flyway.configure()
                        .dataSource(url, user, password)
                        .target("14")
                        .load()
                        .migrate();

                Map<String, BigDecimal> after = read(st);
                for (String column : COLUMNS.keySet()) {
                    assertEquals(0, before.get(column).compareTo(after.get(column)), column);
                }
                assertEquals(new BigDecimal("123.456789"), strip(after.get("benefit_balance.remaining_amount")));
                assertEquals(new BigDecimal("7.7376"), strip(after.get("invoice_line.amount")));

                // The finalized invoice is still frozen, its lines too.
                assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE invoice SET total = 1"));
                assertThrows(SQLException.class, () -> st.executeUpdate("UPDATE invoice_line SET amount = 1"));

                // A 10-decimal unit price and its 16-decimal cost are stored as they are.
                st.executeUpdate("UPDATE meter SET unit_price_amount = 0.0000166667 WHERE id = 'vm-b1s-hour'");
                st.executeUpdate("INSERT INTO usage_record VALUES ('00000000-0000-7000-8000-000000000006', '"
                        + SUBSCRIPTION + "', 'e2', 'vm-b1s-hour', 0.000007, now(), now(), 0.0000166667, 'USD',"
                        + " 0.0000000001166669, 0.0000000001, 0.0000000000166669, 0)");
                st.executeUpdate("UPDATE benefit_balance SET remaining_amount = remaining_amount - 0.0000000001");
                assertEquals(
                        new BigDecimal("0.0000000001166669"),
                        strip(one(st, "SELECT cost FROM usage_record WHERE event_id = 'e2'")));
                assertEquals(
                        new BigDecimal("0.0000166667"),
                        strip(one(st, "SELECT unit_price_amount FROM meter WHERE id = 'vm-b1s-hour'")));
                assertEquals(
                        new BigDecimal("123.4567889999"),
                        strip(one(st, "SELECT remaining_amount FROM benefit_balance")));
            }
        } finally {
            database.stop();
        }
    }

    /** Money as V1-V13 stored it: a grant partly used, a record, a FINALIZED invoice and its line. */
    private static void writeUnderV13(Statement st) throws SQLException {
        st.executeUpdate("INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id,"
                + " free_trial, state, spending_limit, created_at, currency) VALUES ('" + SUBSCRIPTION
                + "', 'a', 'x', 'MS-AZR-0003P', 'MS-AZR-0003P', false, 'ACTIVE', 'OFF', now(), 'USD')");
        st.executeUpdate("INSERT INTO benefit_balance (id, subscription_id, original_amount, remaining_amount,"
                + " currency, granted_at, status) VALUES ('00000000-0000-7000-8000-000000000002', '" + SUBSCRIPTION
                + "', 200, 123.456789, 'USD', now(), 'ACTIVE')");
        st.executeUpdate("INSERT INTO usage_record VALUES ('00000000-0000-7000-8000-000000000003', '"
                + SUBSCRIPTION + "', 'e1', 'vm-b1s-hour', 744.5, now(), now() - interval '2 months', 0.0104, 'USD',"
                + " 7.7428, 5, 2.7428, 0)");
        st.executeUpdate("INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end,"
                + " status, subtotal, credit_applied, not_charged, total, number_sequence, finalized_at) VALUES ('"
                + INVOICE + "', '" + SUBSCRIPTION + "', 'a', 'USD', '2026-01-01', '2026-02-01', 'DRAFT', 7.7376, 5,"
                + " 0, 2.7376, null, null)");
        st.executeUpdate("INSERT INTO invoice_line VALUES ('00000000-0000-7000-8000-000000000005', '" + INVOICE
                + "', 'vm-b1s-hour', 0.0104, '1 Hour', 'B1s', null, 744, 7.7376)");
        st.executeUpdate("UPDATE invoice SET status = 'FINALIZED', number_sequence = 1, finalized_at = now()");
    }

    private static Map<String, BigDecimal> read(Statement st) throws SQLException {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
            values.put(column.getKey(), one(st, column.getValue()));
        }
        return values;
    }

    private static BigDecimal one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static BigDecimal strip(BigDecimal value) {
        return value.stripTrailingZeros();
    }
}
