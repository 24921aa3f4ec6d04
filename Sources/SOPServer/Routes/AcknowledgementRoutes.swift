import Foundation
import Hummingbird
import SOPKit

/// A focal point's "I have read it" on a version in force, from the dashboard: the same
/// signed acknowledgement as `sop acknowledge`, sealed with the portal's key naming the account.
struct AcknowledgementRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.post("acknowledgements") { _, context in
            let identity = try context.signedIn()
            let account = identity.account
            guard account.mayTakePositions else {
                throw PortalError.forbidden(account.isSecretariat ? "error.secretariatNoAcknowledgement" : "error.observerNoAcknowledgement")
            }
            let form = context.form
            guard let procedure = form["procedure"], Metadata.isProcedureID(procedure), let version = form["version"], !version.isEmpty else {
                throw PortalError.badRequest("error.chooseProcedure")
            }
            let workspace = try portal.workspace()
            let acknowledgement = try Acknowledgements(portal.consultation(workspace)).record(
                procedure, version: version, as: account.actor, account: account.email, now: portal.now)
            context.logger.info(
                "acknowledged", metadata: ["tag": .string(acknowledgement.tag), "participant": .string(acknowledgement.participant), "account": .string(account.email)])
            return Page.redirect("/#acknowledgements")
        }
    }
}
