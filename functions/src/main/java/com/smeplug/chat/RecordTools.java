package com.smeplug.chat;

import java.util.List;
import java.util.Map;

import com.smeplug.integrations.AccountCases;
import com.smeplug.integrations.MaterialsAndOrders;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.integrations.connector.SupportCase;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;

/**
 * The tenant's CRM and ERP lookups a model may ask for, independent of the wire that carries the request: their
 * names, descriptions and JSON input schemas, and running one for the tenant of the token only, whatever the model
 * asks. A tenant without data gets an error result, never another tenant's records.
 */
final class RecordTools {

    static final String CRM = "get_crm_records";
    static final String ERP = "get_erp_records";

    record Definition(String name, String description, Map<String, Object> inputSchema) {
    }

    record Result(String content, boolean error) {
    }

    static final List<Definition> DEFINITIONS = List.of(
            new Definition(CRM, "Looks up this organisation's own CRM (Salesforce) records: its account and its open "
                    + "support cases. Use it for questions about 'our cases', tickets or the account.",
                    Map.of("type", "object", "properties", Map.of())),
            new Definition(ERP, "Looks up this organisation's own ERP (SAP) records: materials with stock quantities "
                    + "and purchase orders. Use it for questions about stock, inventory, materials, suppliers or purchase "
                    + "orders.",
                    Map.of("type", "object", "properties", Map.of("kind", Map.of(
                            "type", "string",
                            "enum", List.of("materials", "purchase_orders", "all"),
                            "description", "Which records to return; all when unsure")))));

    private final TenantRecords records;

    RecordTools(TenantRecords records) {
        this.records = records;
    }

    /** Runs tool {@code name} for {@code tenantId}; what it shows is added to {@code citations}. */
    Result run(String tenantId, String name, Map<?, ?> input, List<Citation> citations) {
        try {
            return switch (name) {
                case CRM -> new Result(crm(tenantId, citations), false);
                case ERP -> new Result(erp(tenantId, input.get("kind") instanceof String s ? s : "all", citations), false);
                default -> new Result("unknown tool " + name, true);
            };
        }
        catch (ApiException e) {
            return new Result(e.code() + ": " + e.getMessage(), true);
        }
    }

    private String crm(String tenantId, List<Citation> citations) {
        AccountCases view = records.crm(tenantId);
        if (view.openCases() != null) {
            for (SupportCase c : view.openCases()) {
                citations.add(Citation.record(Citation.CRM, "Salesforce case " + c.caseId(), view.source(),
                        view.mockMode(), c.subject() + " (" + c.status() + ", " + c.priority() + " priority)"));
            }
        }
        return Json.write(view);
    }

    private String erp(String tenantId, String kind, List<Citation> citations) {
        MaterialsAndOrders view = records.erp(tenantId);
        boolean materials = !"purchase_orders".equals(kind);
        boolean orders = !"materials".equals(kind);
        MaterialsAndOrders shown = new MaterialsAndOrders(materials ? view.materials() : List.of(), orders ? view.purchaseOrders() : List.of(),
                view.mockMode(), view.source(), view.syncedAt(), view.stale());
        if (shown.materials() != null) {
            shown.materials().forEach(m -> citations.add(Citation.record(Citation.ERP, "SAP material " + m.materialId(),
                    view.source(), view.mockMode(), m.description() + ": " + m.stockQuantity() + " " + m.unit())));
        }
        if (shown.purchaseOrders() != null) {
            shown.purchaseOrders().forEach(o -> citations.add(Citation.record(Citation.ERP, "SAP purchase order " + o.poId(),
                    view.source(), view.mockMode(), o.vendorName() + ", " + o.totalAmount() + ", " + o.status())));
        }
        return Json.write(shown);
    }
}
