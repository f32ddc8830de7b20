// AWS Wickr security-group settings and Commvault user-group settings as infrastructure code.
package wickrcommvault
