package com.smeplug.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.billing.Entitlements;
import com.smeplug.billing.PlainBillingWiring;
import com.smeplug.billing.Plans;
import com.smeplug.billing.Subscriptions;
import com.smeplug.chat.PlainChatWiring;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.chat.knowledge.SentenceModel;
import com.smeplug.finetune.PlainFinetuneWiring;
import com.smeplug.integrations.PlainIntegrationsWiring;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.platform.auth.GatewayClaimsAuthenticator;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.Endpoint;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.usage.PlainUsageWiring;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline of the POST /chat (offline) benchmark: the same classes doing the same work — HTTP mapping, gateway
 * claims, tenant check, subscription, quota reservation, retrieval over the same Lucene index, the offline answer,
 * session and usage writes — wired by hand in the constructor instead of by Spring, and no Spring Cloud Function
 * around it. What is left between this and the chat function is the framework.
 */
public final class PlainChatHandler implements RequestStreamHandler {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Function<InputStream, APIGatewayV2HTTPResponse> chat;

    public PlainChatHandler() {
        Settings settings = new Settings(name -> System.getProperty(name, System.getenv(name)));
        Clock clock = Clock.systemUTC();
        AwsClients clients = new AwsClients(settings);
        Table table = new Table(settings.get("TABLE_NAME", "sme-plug"), clients.dynamoDb());
        TenantStore tenants = new TenantStore(table, clock);
        PlugCatalog catalog = PlugCatalog.load();
        Subscriptions subscriptions = PlainBillingWiring.subscriptions(table);
        TenantRecords records = PlainIntegrationsWiring.sampleRecords(table, tenants, clock, settings);
        Retriever retriever = Retriever.build(KnowledgePacks.load(catalog.all().stream().map(Plug::plugId).toList()),
                SentenceModel.load(settings));
        Endpoint service = PlainChatWiring.offlineChat(catalog, retriever, records,
                new Entitlements(subscriptions, clock, Duration.ofDays(7)), table, clock,
                PlainUsageWiring.meter(table, subscriptions, new Plans(settings), clock, settings),
                PlainFinetuneWiring.specialisations(table));
        HttpFunctions http = new HttpFunctions(new GatewayClaimsAuthenticator(), new com.smeplug.platform.tenant.MembershipStore(table, clock));
        chat = http.route(Route.post(128 * 1024), service);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        json.writeValue(output, chat.apply(input));
    }
}
