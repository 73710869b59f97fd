package com.smeplug.tenants;

import java.io.InputStream;
import java.time.Clock;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.smeplug.billing.PaymentProvider;
import com.smeplug.integrations.connections.Connections;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.lambda.SqsBatches;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tenants, members and their lifecycle, one function per route, each route's role declared here: {@code me}
 * (GET /me, signed in), {@code tenantCreate} (POST /tenants, signed in), {@code invitationCreate} (POST
 * /tenants/invitations, admin), {@code invitationAccept} (POST /tenants/invitations/{invitation_id}/accept, signed
 * in), {@code members} (GET /tenants/members, member), {@code memberRole} (PATCH /tenants/members/{user_id}, admin),
 * {@code memberRemove} (DELETE /tenants/members/{user_id}, admin), {@code tenantExport} (GET /tenants/export, admin),
 * {@code tenantDelete} (DELETE /tenants, admin) and {@code tenantDeletionStep} (the deletion queue's consumer).
 */
@Configuration(proxyBeanMethods = false)
public class TenantsConfiguration {

    private static final int SMALL_BODY = 4 * 1024;

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> me(HttpFunctions http, TenantStore tenants, MembershipStore memberships) {
        return http.route(Route.get().signedIn(), new Onboarding(tenants, memberships)::me);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> tenantCreate(HttpFunctions http, TenantStore tenants,
            MembershipStore memberships) {
        return http.route(Route.post(SMALL_BODY).signedIn(), new Onboarding(tenants, memberships)::create);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> invitationCreate(HttpFunctions http, Table table,
            MembershipStore memberships, TenantStore tenants, Clock clock) {
        return http.route(Route.post(SMALL_BODY).admin(),
                new Invitations(new InvitationStore(table), memberships, tenants, clock)::create);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> invitationAccept(HttpFunctions http, Table table,
            MembershipStore memberships, TenantStore tenants, Clock clock) {
        return http.route(Route.post(SMALL_BODY).signedIn(),
                new Invitations(new InvitationStore(table), memberships, tenants, clock)::accept);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> members(HttpFunctions http, Table table, MembershipStore memberships) {
        return http.route(Route.get(), new Members(memberships, new InvitationStore(table))::list);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> memberRole(HttpFunctions http, Table table, MembershipStore memberships) {
        return http.route(Route.method("PATCH", SMALL_BODY).admin(),
                new Members(memberships, new InvitationStore(table))::changeRole);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> memberRemove(HttpFunctions http, Table table, MembershipStore memberships) {
        return http.route(Route.method("DELETE", SMALL_BODY).admin(),
                new Members(memberships, new InvitationStore(table))::remove);
    }

    /** {@code EXPORT_PAGE_SIZE} items at most per page (default 500: well under Lambda's 6 MB response). */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> tenantExport(HttpFunctions http, Table table, TenantStore tenants,
            Clock clock, Settings settings) {
        int pageSize = Math.max(1, Math.min(1000, settings.integer("EXPORT_PAGE_SIZE", 500)));
        return http.route(Route.get().admin(), new TenantExport(table, tenants, clock, pageSize)::page);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> tenantDelete(HttpFunctions http, TenantStore tenants,
            MembershipStore memberships, PaymentProvider payments, Connections connections, Table table, Clock clock,
            SqsClient sqs, Settings settings) {
        return http.route(Route.method("DELETE", SMALL_BODY).admin(),
                new TenantDeletion(tenants, memberships, payments, connections, DeletionQueue.queue(sqs, settings), table, clock)::delete);
    }

    /**
     * One deletion step per message, then the next is sent. {@code DELETION_BATCHES_PER_STEP} batches of 25 deletes
     * (default 20) in the partition phase, {@code DELETION_SCAN_PAGE_ITEMS} items read per scan step (default 1,000).
     */
    @Bean
    Function<InputStream, SQSBatchResponse> tenantDeletionStep(Table table, Clock clock, SqsClient sqs, Settings settings) {
        DeletionWorker worker = new DeletionWorker(table, DeletionQueue.queue(sqs, settings), clock,
                settings.integer("DELETION_BATCHES_PER_STEP", 20), settings.integer("DELETION_SCAN_PAGE_ITEMS", 1000));
        return event -> SqsBatches.consume(event, "tenantDeletionStep", body -> worker.handle(DeletionStep.parse(body)));
    }
}
