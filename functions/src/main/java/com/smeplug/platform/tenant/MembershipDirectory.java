package com.smeplug.platform.tenant;

import java.util.Optional;

/** Which tenant a verified user belongs to, if any (a user belongs to at most one). */
public interface MembershipDirectory {

    Optional<Membership> membershipOf(String userId);
}
