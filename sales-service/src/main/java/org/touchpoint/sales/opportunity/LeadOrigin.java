package org.touchpoint.sales.opportunity;

import java.util.Optional;

/**
 * Where a deal's lead came from: the campaign whose response created it. Implemented by the leads feature, so that a deal
 * names its campaign on its touches ({@code refs.campaignId}) and every service can credit it without looking the lead up.
 */
public interface LeadOrigin {

    /** The campaign of the lead, read by its id; empty when the lead is unknown or came from no campaign. */
    Optional<String> campaignOf(String leadId);
}
