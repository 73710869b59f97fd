package com.smeplug.chat;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.smeplug.answers.Terms;
import com.smeplug.integrations.AccountCases;
import com.smeplug.integrations.MaterialsAndOrders;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.integrations.connector.Material;
import com.smeplug.integrations.connector.PurchaseOrder;
import com.smeplug.integrations.connector.SupportCase;
import com.smeplug.platform.http.ApiException;

/**
 * Offline answers to questions about the tenant's own records, read through the connector port (sample data or
 * the real system, whichever this deployment uses) and cited item by item. Only the asking tenant's records are
 * ever read; a tenant without connector data is told so.
 */
final class RecordAnswers {

    private final TenantRecords records;

    RecordAnswers(TenantRecords records) {
        this.records = records;
    }

    /** Empty when the message turned out not to be about the tenant's records (a "possible" question that matched nothing). */
    Optional<Composed> answer(String tenantId, String message, RecordQuestion question) {
        List<String> parts = new ArrayList<>();
        List<Citation> citations = new ArrayList<>();
        if (question.crm()) {
            crm(tenantId, parts, citations);
        }
        if (question.erp()) {
            erp(tenantId, message, question, parts, citations);
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Composed(String.join("\n\n", parts), citations));
    }

    record Composed(String text, List<Citation> citations) {
    }

    private void crm(String tenantId, List<String> parts, List<Citation> citations) {
        AccountCases view;
        try {
            view = records.crm(tenantId);
        }
        catch (ApiException e) {
            if (e.status() == 404) {
                parts.add("Your organisation has no CRM connection or CRM sample data, so I cannot look up your cases.");
                return;
            }
            throw e;
        }
        String account = view.account() == null ? "your account" : view.account().name();
        List<SupportCase> cases = view.openCases() == null ? List.of() : view.openCases();
        StringBuilder text = new StringBuilder();
        if (cases.isEmpty()) {
            text.append("The CRM ").append(origin(view.mockMode(), view.source(), view.stale(), view.syncedAt()))
                    .append(" shows no open cases for ").append(account).append('.');
        }
        else {
            text.append("The CRM ").append(origin(view.mockMode(), view.source(), view.stale(), view.syncedAt()))
                    .append(" shows ").append(cases.size()).append(cases.size() == 1 ? " open case" : " open cases")
                    .append(" for ").append(account).append(':');
            for (SupportCase c : cases) {
                int number = citations.size() + 1;
                String line = c.subject() + " (case " + c.caseId() + ", status " + c.status() + ", priority "
                        + c.priority() + (c.createdDate() == null ? "" : ", opened " + c.createdDate()) + ")";
                text.append("\n- ").append(line).append(" [").append(number).append(']');
                citations.add(Citation.record(Citation.CRM, "Salesforce case " + c.caseId(), view.source(), view.mockMode(), line));
            }
        }
        parts.add(text.toString());
    }

    private void erp(String tenantId, String message, RecordQuestion question, List<String> parts,
            List<Citation> citations) {
        MaterialsAndOrders view;
        try {
            view = records.erp(tenantId);
        }
        catch (ApiException e) {
            if (e.status() == 404 && (question.erpDefinite() || question.purchaseOrders())) {
                parts.add("Your organisation has no ERP connection or ERP sample data, so I cannot look up your "
                        + "stock or purchase orders.");
                return;
            }
            if (e.status() == 404) {
                return;
            }
            throw e;
        }
        Set<String> asked = Terms.of(message);
        List<Material> materials = view.materials() == null ? List.of() : view.materials();
        List<PurchaseOrder> orders = view.purchaseOrders() == null ? List.of() : view.purchaseOrders();
        List<Material> matched = materials.stream()
                .filter(m -> !Collections.disjoint(Terms.of(m.description() + " " + m.materialId()), asked))
                .toList();
        List<PurchaseOrder> matchedOrders = orders.stream()
                .filter(o -> !Collections.disjoint(Terms.of(o.vendorName() + " " + o.poId()), asked))
                .toList();
        boolean showOrders = question.purchaseOrders() || !matchedOrders.isEmpty();
        boolean showMaterials = !matched.isEmpty() || (question.erpDefinite() && !question.purchaseOrders());
        if (!showOrders && !showMaterials) {
            return;
        }
        String origin = origin(view.mockMode(), view.source(), view.stale(), view.syncedAt());
        StringBuilder text = new StringBuilder();
        if (showMaterials) {
            List<Material> shown = matched.isEmpty() ? materials : matched;
            text.append("Stock in the ERP ").append(origin).append(':');
            if (shown.isEmpty()) {
                text.append("\n- no materials are recorded");
            }
            for (Material m : shown) {
                int number = citations.size() + 1;
                String line = m.description() + ": " + amount(m.stockQuantity()) + " " + m.unit() + " in stock"
                        + (m.plant() == null ? "" : " at plant " + m.plant()) + " (material " + m.materialId() + ")";
                text.append("\n- ").append(line).append(" [").append(number).append(']');
                citations.add(Citation.record(Citation.ERP, "SAP material " + m.materialId(), view.source(), view.mockMode(), line));
            }
        }
        if (showOrders) {
            List<PurchaseOrder> shown = matchedOrders.isEmpty() ? orders : matchedOrders;
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append("Purchase orders in the ERP ").append(origin).append(':');
            if (shown.isEmpty()) {
                text.append("\n- no purchase orders are recorded");
            }
            for (PurchaseOrder o : shown) {
                int number = citations.size() + 1;
                String line = "PO " + o.poId() + " to " + o.vendorName() + ", " + money(o.totalAmount()) + ", status "
                        + o.status() + (o.deliveryDate() == null ? "" : ", delivery " + o.deliveryDate())
                        + ", " + o.lineItems() + (o.lineItems() == 1 ? " line item" : " line items");
                text.append("\n- ").append(line).append(" [").append(number).append(']');
                citations.add(Citation.record(Citation.ERP, "SAP purchase order " + o.poId(), view.source(), view.mockMode(), line));
            }
        }
        parts.add(text.toString());
    }

    /** Says where the records come from, and never calls sample data live. */
    private static String origin(boolean mockMode, String source, boolean stale, java.time.Instant syncedAt) {
        if (mockMode) {
            return "(sample data, not a live connection)";
        }
        String base = "(" + source + (syncedAt == null ? "" : ", synced " + syncedAt);
        return base + (stale ? "; the system could not be reached, so this is the last snapshot)" : ")");
    }

    private static String money(BigDecimal value) {
        if (value == null) {
            return "amount unknown";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return "amount " + format.format(value);
    }

    private static String amount(BigDecimal value) {
        if (value == null) {
            return "unknown";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }
}
