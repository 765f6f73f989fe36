package io.subupgrade.invoice;

import io.subupgrade.web.Languages;
import java.util.Locale;

/**
 * The words on a CSV or PDF invoice, in English or zh-TW (the service's two languages). One record so that the two
 * formats cannot drift apart, and so that a missing translation is a compile error rather than an English gap.
 *
 * <p>zh-TW says 帳單 (a bill), not 發票: in Taiwan 發票 is the government's uniform invoice (統一發票), which this
 * document is not. Subscription and credit follow the Azure zh-TW portal's words (訂用帳戶, 點數).
 */
record InvoiceLabels(
        String title,
        String draftTitle,
        String number,
        String period,
        String periodSeparator,
        String subscription,
        String owner,
        String status,
        String draft,
        String finalized,
        String currency,
        String meterId,
        String description,
        String unit,
        String quantity,
        String unitPrice,
        String amount,
        String subtotal,
        String creditApplied,
        String notCharged,
        String total,
        String amountDue,
        String noUsage,
        String precisionNote,
        String pageOf) {

    static final InvoiceLabels ENGLISH = new InvoiceLabels(
            "Invoice",
            "Draft invoice",
            "Invoice number",
            "Billing period (UTC)",
            " \u2013 ",
            "Subscription",
            "Owner",
            "Status",
            "Draft",
            "Finalized",
            "Currency",
            "Meter ID",
            "Description",
            "Unit",
            "Quantity",
            "Unit price",
            "Amount",
            "Subtotal",
            "Credit applied",
            "Not charged",
            "Total",
            "Amount due",
            "No usage in this period.",
            "Amounts are exact, never rounded; the amount due is rounded half-up to the currency's minor unit.",
            "Page %d of %d");

    static final InvoiceLabels TRADITIONAL_CHINESE = new InvoiceLabels(
            "帳單",
            "帳單草稿",
            "帳單編號",
            "計費期間 (UTC)",
            " 至 ",
            "訂用帳戶",
            "擁有者",
            "狀態",
            "草稿",
            "已開立",
            "幣別",
            "計量 ID",
            "說明",
            "單位",
            "數量",
            "單價",
            "金額",
            "小計",
            "已套用點數",
            "未收費",
            "總計",
            "應付金額",
            "此期間沒有用量。",
            "金額皆為精確值，不經四捨五入；應付金額依幣別的最小單位四捨五入。",
            "第 %d 頁，共 %d 頁");

    static InvoiceLabels of(Locale locale) {
        return Languages.isChinese(locale) ? TRADITIONAL_CHINESE : ENGLISH;
    }

    String statusOf(InvoiceStatus s) {
        return s == InvoiceStatus.FINALIZED ? finalized : draft;
    }
}
