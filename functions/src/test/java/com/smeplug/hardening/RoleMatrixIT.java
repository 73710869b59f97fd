package com.smeplug.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.JwtAuthorizer;
import com.smeplug.platform.auth.Role;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The role matrix: every route of template.yaml × {admin, member, non-member, no token}, one table. A caller the
 * route's role admits must get past authentication and authorisation (any answer but 401/403 and no 5xx: a 404 for a
 * made-up id, a 409 for a second tenant are the route's business); a caller it does not admit must get exactly the
 * refusal: 401 from the JWT authorizer without a token, 403 unknown_tenant for a user in no tenant, 403 forbidden for
 * a member on an admin route. Routes without a token (Role NONE) admit every caller.
 */
class RoleMatrixIT {

    enum Caller { ADMIN, MEMBER, NON_MEMBER, NO_TOKEN }

    static final String TENANT = "lawfirm_alpha";

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("role-matrix-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void every_route_answers_every_caller_as_its_declared_role_says() {
        Map<String, String> routes = RouteMatrix.templateRoutes();
        assertThat(RouteRoles.EXPECTED.keySet()).as("a role for every route of template.yaml, and no other")
                .containsExactlyInAnyOrderElementsOf(routes.keySet());

        List<String> wrong = new ArrayList<>();
        Map<String, String> table = new LinkedHashMap<>();
        int cells = 0;
        for (Map.Entry<String, String> route : routes.entrySet()) {
            Role role = RouteRoles.EXPECTED.get(route.getKey());
            StringBuilder row = new StringBuilder();
            for (Caller caller : Caller.values()) {
                ApiEvent event = RouteMatrix.cases().get(route.getKey()).request().get();
                String token = token(caller);
                if (token != null) {
                    event.bearer(token);
                }
                HttpResult result = stack.invoke(route.getValue(), event);
                String problem = check(role, caller, result);
                row.append(String.format(" %-10s %3d%s", caller, result.status(), problem == null ? " ok " : " BAD"));
                if (problem != null) {
                    wrong.add(route.getKey() + " as " + caller + ": " + problem + " — " + result.body());
                }
                cells++;
            }
            table.put(route.getKey() + " (" + role + ")", row.toString());
        }
        table.forEach((route, row) -> System.out.printf("%-55s%s%n", route, row));
        assertThat(cells).isEqualTo(routes.size() * Caller.values().length);
        assertThat(wrong).as("wrong cells of the role matrix").isEmpty();
    }

    /** Null when the answer is right for this role and caller, else what is wrong. */
    static String check(Role role, Caller caller, HttpResult result) {
        if (result.status() >= 500) {
            return "server error";
        }
        if (admits(role, caller)) {
            return result.status() == 401 || result.status() == 403 ? "refused a caller the role admits" : null;
        }
        return switch (caller) {
            case NO_TOKEN -> result.status() == 401 && JwtAuthorizer.UNAUTHORIZED_BODY.equals(result.body()) ? null
                    : "expected the JWT authorizer's 401";
            case NON_MEMBER -> result.status() == 403 && result.errorCode().equals("unknown_tenant") ? null
                    : "expected 403 unknown_tenant";
            case MEMBER -> result.status() == 403 && result.errorCode().equals("forbidden") ? null : "expected 403 forbidden";
            case ADMIN -> "an admin is refused nothing";
        };
    }

    static boolean admits(Role role, Caller caller) {
        return switch (role) {
            case NONE -> true;
            case SIGNED_IN -> caller != Caller.NO_TOKEN;
            case MEMBER -> caller == Caller.ADMIN || caller == Caller.MEMBER;
            case ADMIN -> caller == Caller.ADMIN;
        };
    }

    /** A fresh non-member per request: a non-member who creates a tenant is one no longer. */
    static String token(Caller caller) {
        return switch (caller) {
            case ADMIN -> stack.token(TENANT, "admin");
            case MEMBER -> stack.token(TENANT, "member");
            case NON_MEMBER -> {
                String id = UUID.randomUUID().toString();
                yield stack.userToken(id, "outsider-" + id.substring(0, 8) + "@example.com");
            }
            case NO_TOKEN -> null;
        };
    }
}
