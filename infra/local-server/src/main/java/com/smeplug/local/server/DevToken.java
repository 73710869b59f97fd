package com.smeplug.local.server;

import java.time.Duration;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.platform.auth.DevTokens;

/** {@code ./infra/local/token <tenant_id>}: prints a dev JWT the local stack accepts (8 hours). */
public final class DevToken {

    private DevToken() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: ./infra/local/token <tenant_id>   (sample tenants: lawfirm_alpha, hospital_beta, buildco_gamma)");
            System.exit(2);
        }
        System.out.println(DevTokens.mint(LocalAws.DEV_JWT_SECRET, "tenant_id", args[0], Duration.ofHours(8)));
    }
}
