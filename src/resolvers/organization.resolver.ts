import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { getOrganization, updateOrganization } from "../orgs/organizations.js";
import { Organization, OrganizationInput } from "../schema/organization.type.js";
import type { Context } from "../server/context.js";

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: "The organization of the API key in use." })
  organization(@Ctx() ctx: Context): Promise<Organization> {
    return getOrganization(ctx.scope);
  }

  @Authorized("admin")
  @Mutation(() => Organization, { description: "Change reporting currency, timezone, holiday country, fiscal year start or week start." })
  updateOrganization(@Arg("input", () => OrganizationInput) input: OrganizationInput, @Ctx() ctx: Context): Promise<Organization> {
    return updateOrganization(ctx.scope, input);
  }
}
