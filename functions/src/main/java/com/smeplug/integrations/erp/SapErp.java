package com.smeplug.integrations.erp;

import static com.smeplug.integrations.upstream.ODataV2.date;
import static com.smeplug.integrations.upstream.ODataV2.decimal;
import static com.smeplug.integrations.upstream.ODataV2.literal;
import static com.smeplug.integrations.upstream.ODataV2.requiredText;
import static com.smeplug.integrations.upstream.ODataV2.results;
import static com.smeplug.integrations.upstream.ODataV2.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.smeplug.integrations.connector.ErpConnector;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.integrations.connector.Material;
import com.smeplug.integrations.connector.PurchaseOrder;
import com.smeplug.integrations.upstream.TokenCache.AccessToken;
import com.smeplug.integrations.upstream.TokenCache;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's materials and purchase orders from SAP S/4HANA's OData v2 APIs:
 * <ul>
 * <li>unrestricted stock at the tenant's plant: {@code API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod}, summed per material;</li>
 * <li>descriptions and valuation prices of those materials: {@code API_PRODUCT_SRV/A_Product} with
 * {@code to_Description} and {@code to_Valuation} (valuation area = plant);</li>
 * <li>the company code's newest purchase orders: {@code API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder} with its items
 * and their schedule lines (line count, total, earliest delivery date);</li>
 * <li>the suppliers' names: {@code API_BUSINESS_PARTNER/A_Supplier}.</li>
 * </ul>
 * Every collection follows {@code __next}. Authentication is an OAuth client-credentials token (kept until it expires,
 * fetched again once on a 401) or basic auth. The plant and company code come from the tenant's profile.
 */
public final class SapErp implements ErpConnector {

    private static final Logger log = LoggerFactory.getLogger(SapErp.class);
    private static final String SYSTEM = "SAP";
    private static final String ODATA = "/sap/opu/odata/sap/";
    private static final Pattern ORG_UNIT = Pattern.compile("[A-Za-z0-9]{1,4}");
    private static final int BATCH = 40;
    private static final int MAX_PAGES = 100;
    private static final Duration TOKEN_EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final SapSettings settings;
    private final UpstreamHttp http;
    private final TokenCache tokens;
    private final Clock clock;
    private final URI base;

    public SapErp(SapSettings settings, UpstreamHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.base = URI.create(settings.baseUrl() + "/");
        this.tokens = new TokenCache(this::requestToken, clock);
    }

    @Override
    public String source() {
        return "sap";
    }

    @Override
    public String reference(Tenant tenant) {
        return "plant=" + orgUnit(tenant, "sap_plant") + ";company_code=" + orgUnit(tenant, "sap_company_code");
    }

    private static String orgUnit(Tenant tenant, String key) {
        String value = tenant.connection(key);
        if (value == null || value.isBlank()) {
            throw ApiException.notFound("not_connected", "this tenant has no SAP " + key.substring(4).replace('_', ' ')
                    + " configured (connections." + key + ")");
        }
        if (!ORG_UNIT.matcher(value).matches()) {
            throw ApiException.notFound("not_connected", "this tenant's connections." + key + " is not a valid SAP key");
        }
        return value;
    }

    @Override
    public ErpRecords fetch(Tenant tenant) {
        String plant = orgUnit(tenant, "sap_plant");
        String companyCode = orgUnit(tenant, "sap_company_code");
        UpstreamHttp.Call call = http.call();
        return new ErpRecords(materials(call, plant), purchaseOrders(call, companyCode));
    }

    /**
     * One small authenticated read ({@code A_Product?$top=1}): proves the base URL, credentials and client before a
     * connection is saved. Throws {@link UpstreamFailure} (with SAP's status and message) when it does not work.
     */
    public void probe() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("$top", "1");
        query.put("$select", "Product");
        collect(http.call(), "API_PRODUCT_SRV/A_Product", query, 1);
    }

    // --- materials -------------------------------------------------------------------------------------------------

    private record Stock(BigDecimal quantity, String unit) {
    }

    private record ProductInfo(String description, BigDecimal valuationPrice) {
    }

    private List<Material> materials(UpstreamHttp.Call call, String plant) {
        Map<String, Stock> stock = new TreeMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("$filter", "Plant eq " + literal(plant) + " and InventoryStockType eq '01'");
        query.put("$select", "Material,Plant,MaterialBaseUnit,MatlWrhsStkQtyInMatlBaseUnit");
        for (JsonNode row : collect(call, "API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod", query, Integer.MAX_VALUE)) {
            String material = requiredText(row, "Material", SYSTEM);
            BigDecimal quantity = Objects.requireNonNullElse(decimal(row, "MatlWrhsStkQtyInMatlBaseUnit", SYSTEM), BigDecimal.ZERO);
            stock.merge(material, new Stock(quantity, text(row, "MaterialBaseUnit")),
                    (a, b) -> new Stock(a.quantity().add(b.quantity()), a.unit() != null ? a.unit() : b.unit()));
        }
        List<String> materials = stock.keySet().stream().limit(settings.maxMaterials()).toList();
        if (stock.size() > materials.size()) {
            log.info("plant {} has stock of {} materials; keeping the first {}", plant, stock.size(), materials.size());
        }
        Map<String, ProductInfo> products = new HashMap<>();
        for (List<String> batch : batches(materials)) {
            Map<String, String> productQuery = new LinkedHashMap<>();
            productQuery.put("$filter", batch.stream().map(m -> "Product eq " + literal(m)).collect(Collectors.joining(" or ")));
            productQuery.put("$select", "Product,to_Description/Language,to_Description/ProductDescription,"
                    + "to_Valuation/ValuationArea,to_Valuation/ValuationType,to_Valuation/InventoryValuationProcedure,"
                    + "to_Valuation/StandardPrice,to_Valuation/MovingAveragePrice,to_Valuation/PriceUnitQty");
            productQuery.put("$expand", "to_Description,to_Valuation");
            productQuery.put("$top", Integer.toString(batch.size()));
            for (JsonNode product : collect(call, "API_PRODUCT_SRV/A_Product", productQuery, batch.size())) {
                products.put(requiredText(product, "Product", SYSTEM), productInfo(product, plant));
            }
        }
        List<Material> result = new ArrayList<>();
        for (String material : materials) {
            Stock s = stock.get(material);
            ProductInfo info = products.get(material);
            BigDecimal price = info == null ? null : info.valuationPrice();
            result.add(new Material(material, info == null || info.description() == null ? material : info.description(),
                    s.quantity().stripTrailingZeros(), s.unit(), plant,
                    price == null ? null : s.quantity().multiply(price).setScale(2, RoundingMode.HALF_UP)));
        }
        return result;
    }

    private ProductInfo productInfo(JsonNode product, String plant) {
        String description = null;
        for (JsonNode text : results(product.path("to_Description"), "to_Description", SYSTEM)) {
            if (settings.language().equalsIgnoreCase(text(text, "Language")) || description == null) {
                description = text(text, "ProductDescription");
            }
        }
        BigDecimal price = null;
        for (JsonNode valuation : results(product.path("to_Valuation"), "to_Valuation", SYSTEM)) {
            String type = text(valuation, "ValuationType");
            if (!plant.equals(text(valuation, "ValuationArea")) || (type != null && !type.isBlank())) {
                continue;
            }
            // Price control S values stock at the standard price, V at the moving average price; per price unit.
            BigDecimal unitPrice = "V".equals(text(valuation, "InventoryValuationProcedure"))
                    ? decimal(valuation, "MovingAveragePrice", SYSTEM) : decimal(valuation, "StandardPrice", SYSTEM);
            BigDecimal per = decimal(valuation, "PriceUnitQty", SYSTEM);
            if (unitPrice != null) {
                price = per == null || per.signum() <= 0 ? unitPrice : unitPrice.divide(per, 6, RoundingMode.HALF_UP);
            }
        }
        return new ProductInfo(description, price);
    }

    // --- purchase orders -------------------------------------------------------------------------------------------

    private List<PurchaseOrder> purchaseOrders(UpstreamHttp.Call call, String companyCode) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("$filter", "CompanyCode eq " + literal(companyCode) + " and PurchasingDocumentDeletionCode eq ''");
        query.put("$select", "PurchaseOrder,Supplier,PurchaseOrderDate,PurchasingProcessingStatus,"
                + "to_PurchaseOrderItem/PurchaseOrderItem,to_PurchaseOrderItem/OrderQuantity,"
                + "to_PurchaseOrderItem/NetPriceAmount,to_PurchaseOrderItem/NetPriceQuantity,"
                + "to_PurchaseOrderItem/to_ScheduleLine/ScheduleLineDeliveryDate");
        query.put("$expand", "to_PurchaseOrderItem,to_PurchaseOrderItem/to_ScheduleLine");
        query.put("$orderby", "PurchaseOrderDate desc");
        query.put("$top", Integer.toString(settings.maxPurchaseOrders()));
        List<JsonNode> orders = collect(call, "API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder", query,
                settings.maxPurchaseOrders());
        Map<String, String> supplierNames = supplierNames(call, orders.stream()
                .map(o -> text(o, "Supplier")).filter(Objects::nonNull).distinct().toList());
        List<PurchaseOrder> result = new ArrayList<>();
        for (JsonNode order : orders) {
            BigDecimal total = BigDecimal.ZERO;
            LocalDate delivery = null;
            int lines = 0;
            for (JsonNode item : results(order.path("to_PurchaseOrderItem"), "to_PurchaseOrderItem", SYSTEM)) {
                lines++;
                BigDecimal quantity = decimal(item, "OrderQuantity", SYSTEM);
                BigDecimal price = decimal(item, "NetPriceAmount", SYSTEM);
                BigDecimal per = decimal(item, "NetPriceQuantity", SYSTEM);
                if (quantity != null && price != null) {
                    BigDecimal amount = quantity.multiply(price);
                    total = total.add(per == null || per.signum() <= 0 ? amount : amount.divide(per, 6, RoundingMode.HALF_UP));
                }
                JsonNode scheduleLines = item.path("to_ScheduleLine");
                if (!scheduleLines.isMissingNode()) {
                    for (JsonNode line : results(scheduleLines, "to_ScheduleLine", SYSTEM)) {
                        LocalDate date = date(line, "ScheduleLineDeliveryDate", SYSTEM);
                        if (date != null && (delivery == null || date.isBefore(delivery))) {
                            delivery = date;
                        }
                    }
                }
            }
            String supplier = text(order, "Supplier");
            result.add(new PurchaseOrder(requiredText(order, "PurchaseOrder", SYSTEM),
                    supplier == null ? null : supplierNames.getOrDefault(supplier, supplier),
                    total.setScale(2, RoundingMode.HALF_UP), status(text(order, "PurchasingProcessingStatus")),
                    delivery, lines));
        }
        return result;
    }

    private Map<String, String> supplierNames(UpstreamHttp.Call call, List<String> suppliers) {
        Map<String, String> names = new HashMap<>();
        for (List<String> batch : batches(suppliers)) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("$filter", batch.stream().map(s -> "Supplier eq " + literal(s)).collect(Collectors.joining(" or ")));
            query.put("$select", "Supplier,SupplierName");
            query.put("$top", Integer.toString(batch.size()));
            for (JsonNode supplier : collect(call, "API_BUSINESS_PARTNER/A_Supplier", query, batch.size())) {
                String name = text(supplier, "SupplierName");
                if (name != null && !name.isBlank()) {
                    names.put(requiredText(supplier, "Supplier", SYSTEM), name);
                }
            }
        }
        return names;
    }

    /** PurchasingProcessingStatus (domain MEPROCSTATE) as words. */
    static String status(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return switch (code) {
            case "01" -> "in_process";
            case "02" -> "active";
            case "03" -> "in_release";
            case "04" -> "partially_released";
            case "05" -> "released";
            case "08" -> "rejected";
            default -> "status_" + code;
        };
    }

    // --- OData v2 --------------------------------------------------------------------------------------------------

    /** All entries of a collection, following {@code __next} (server-driven paging) up to {@code limit} entries. */
    private List<JsonNode> collect(UpstreamHttp.Call call, String entitySet, Map<String, String> query, int limit) {
        Map<String, String> parameters = new LinkedHashMap<>(query);
        parameters.put("$format", "json");
        if (settings.sapClient() != null) {
            parameters.put("sap-client", settings.sapClient());
        }
        URI uri = base.resolve(ODATA.substring(1) + entitySet + "?" + parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&")));
        List<JsonNode> entries = new ArrayList<>();
        for (int page = 1; uri != null && entries.size() < limit; page++) {
            if (page > MAX_PAGES) {
                throw UpstreamFailure.error(SYSTEM + " returned more than " + MAX_PAGES + " pages of " + entitySet);
            }
            JsonNode d = get(call, uri, entitySet).path("d");
            if (!d.isObject()) {
                throw UpstreamFailure.error(SYSTEM + " sent " + entitySet + " without the OData v2 \"d\" envelope");
            }
            for (JsonNode entry : results(d, entitySet, SYSTEM)) {
                if (entries.size() < limit) {
                    entries.add(entry);
                }
            }
            String next = text(d, "__next");
            uri = next == null || next.isBlank() ? null : nextPage(next, entitySet);
        }
        return entries;
    }

    /** {@code __next} may be absolute or relative; either way it must stay on our SAP host (it gets our credentials). */
    private URI nextPage(String next, String entitySet) {
        URI uri;
        try {
            uri = base.resolve(next);
        }
        catch (IllegalArgumentException e) {
            throw UpstreamFailure.error(SYSTEM + " sent an unusable __next link for " + entitySet);
        }
        if (!Objects.equals(uri.getScheme(), base.getScheme()) || !Objects.equals(uri.getHost(), base.getHost())
                || uri.getPort() != base.getPort()) {
            throw UpstreamFailure.error(SYSTEM + " sent a __next link to another host for " + entitySet);
        }
        return uri;
    }

    private JsonNode get(UpstreamHttp.Call call, URI uri, String entitySet) {
        if (settings.auth().equals("basic")) {
            return checked(send(call, uri, basic(settings.username(), settings.password())), entitySet);
        }
        AccessToken token = tokens.current(call);
        HttpResponse<byte[]> response = send(call, uri, "Bearer " + token.value());
        if (response.statusCode() == 401) {
            log.info("SAP rejected the access token, fetching a new one");
            tokens.invalidate(token);
            token = tokens.current(call);
            response = send(call, uri, "Bearer " + token.value());
            if (response.statusCode() == 401) {
                throw UpstreamFailure.error(SYSTEM + " rejected a newly issued access token");
            }
        }
        return checked(response, entitySet);
    }

    private JsonNode checked(HttpResponse<byte[]> response, String entitySet) {
        // 429 is always a rate limit; a 503 is a back-off only when SAP says for how long (a bare 503 is an outage page)
        if (response.statusCode() == 429
                || (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent())) {
            Duration retryAfter = retryAfter(response);
            log.warn("SAP answered HTTP {} for {}, Retry-After {} s", response.statusCode(), entitySet, retryAfter.toSeconds());
            throw UpstreamFailure.limited(SYSTEM + (response.statusCode() == 429 ? " is rate-limiting this tenant's requests"
                    : " is unavailable for a while") + " (HTTP " + response.statusCode() + ")", response.statusCode(), retryAfter);
        }
        if (response.statusCode() / 100 != 2) {
            // OData v2 errors: {"error": {"code": "...", "message": {"lang": "en", "value": "..."}}}
            JsonNode error = http.jsonOrMissing(response).path("error");
            String code = error.path("code").asString("");
            log.warn("SAP answered HTTP {} for {}: {} {}", response.statusCode(), entitySet, code,
                    error.path("message").path("value").asString(""));
            throw UpstreamFailure.error(SYSTEM + " answered HTTP " + response.statusCode() + " for " + entitySet
                    + (code.matches("[A-Za-z0-9_/]{1,64}") ? " (" + code + ")" : ""))
                    .withUpstream(response.statusCode(), error.path("message").path("value").asString(null));
        }
        return http.json(response, entitySet + " response");
    }

    /** {@code Retry-After} in seconds or as an HTTP date; 60 s when absent or unreadable, at most an hour. */
    private Duration retryAfter(HttpResponse<byte[]> response) {
        Duration fallback = Duration.ofSeconds(60);
        String value = response.headers().firstValue("Retry-After").orElse("").trim();
        Duration wait;
        if (value.matches("\\d{1,7}")) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        }
        else {
            try {
                wait = Duration.between(clock.instant(), java.time.ZonedDateTime.parse(value,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            }
            catch (java.time.format.DateTimeParseException e) {
                wait = fallback;
            }
        }
        if (wait.isNegative() || wait.isZero()) {
            return Duration.ofSeconds(1);
        }
        return wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait;
    }

    private HttpResponse<byte[]> send(UpstreamHttp.Call call, URI uri, String authorization) {
        return call.send(HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET());
    }

    private AccessToken requestToken(UpstreamHttp.Call call) {
        HttpResponse<byte[]> response = call.send(HttpRequest.newBuilder(URI.create(settings.tokenUrl()))
                .header("Authorization", basic(settings.clientId(), settings.clientSecret()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        if (response.statusCode() / 100 != 2) {
            JsonNode body = http.jsonOrMissing(response);
            String error = body.path("error").asString("");
            log.warn("SAP refused the token request: HTTP {} {}", response.statusCode(), error);
            throw UpstreamFailure.error(SYSTEM + " refused the token request (HTTP " + response.statusCode()
                    + (error.matches("[a-z_]{1,64}") ? ", " + error : "") + ")")
                    .withUpstream(response.statusCode(), body.path("error_description").asString(error));
        }
        JsonNode body = http.json(response, "token response");
        String accessToken = body.path("access_token").asString(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw UpstreamFailure.error(SYSTEM + " sent a token response without access_token");
        }
        long expiresIn = body.path("expires_in").asLong(0);
        Duration lifetime = Duration.ofSeconds(expiresIn).minus(TOKEN_EXPIRY_MARGIN);
        return new AccessToken(accessToken, null, clock.instant().plus(lifetime.isNegative() ? Duration.ZERO : lifetime));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static <T> List<List<T>> batches(List<T> all) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            batches.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        }
        return batches;
    }
}
