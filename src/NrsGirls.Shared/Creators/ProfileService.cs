using NrsGirls.Shared.Activity;

namespace NrsGirls.Shared.Creators;

/// <summary>POST djs / performers, GET and PATCH a profile, and the admin's verification flags.</summary>
public sealed class ProfileService(CreatorsStore store, CreatorAccess access, ActivityLog activity, TimeProvider clock)
{
    /// <summary>Creates the caller's one profile of <paramref name="type"/>; the account's role must match.</summary>
    public async Task<Outcome<CreatorProfile>> CreateAsync(Caller caller, string type, ProfileFields fields, ClientInfo client, CancellationToken ct)
    {
        if (caller.Role != type) return CreatorErrors.WrongRole;
        var changes = ProfileValidation.Validate(fields, type, create: true);
        if (!changes.IsOk) return changes.Error;
        var row = await store.InsertAsync(caller.UserId, type, changes.Value, ct);
        if (row is null) return CreatorErrors.ProfileExists;
        await activity.RecordAsync(CreatorActivity.Entry(caller, client, CreatorActivity.ProfileCreated, type, row.Id,
            new Dictionary<string, string> { ["fields"] = string.Join(",", changes.Value.ChangedFields()) }, clock), ct);
        return row.ToProfile(privileged: true);
    }

    /// <summary>The public view (owner and admins see more); 404 creator_not_found when the caller may not see it.</summary>
    public async Task<Outcome<CreatorProfile>> GetAsync(Guid id, string type, Caller? caller, ClientInfo client, CancellationToken ct)
    {
        // One read: the profile row carries what the visibility check needs (its account is live, its blocks).
        var row = await store.GetAsync(id, type, ct);
        if (row is null || !CreatorAccess.MaySee(row.Access(), caller, client.Country)) return CreatorAccess.CreatorNotFound;
        return row.ToProfile(privileged: caller is not null && (caller.UserId == row.UserId || caller.IsAdmin));
    }

    /// <summary>Changes the fields sent; only the owner or an admin. Counters, money and verification are refused by name.</summary>
    public async Task<Outcome<CreatorProfile>> UpdateAsync(Guid id, string type, Caller caller, ProfileFields fields, ClientInfo client, CancellationToken ct)
    {
        var owner = await RequireOwnerAsync(id, type, caller, client, ct, adminMayAct: true);
        if (!owner.IsOk) return owner.Error;
        var changes = ProfileValidation.Validate(fields, type, create: false);
        if (!changes.IsOk) return changes.Error;
        var row = await store.UpdateAsync(id, type, changes.Value, ct);
        if (row is null) return CreatorAccess.CreatorNotFound;
        await activity.RecordAsync(CreatorActivity.Entry(caller, client, CreatorActivity.ProfileUpdated, type, id,
            new Dictionary<string, string> { ["fields"] = string.Join(",", changes.Value.ChangedFields()) }, clock), ct);
        return row.ToProfile(privileged: true);
    }

    /// <summary>PATCH admin/creators/{id}: verifiedArtist for a DJ, verifiedPerformer for a performer (admins only; the function checks the role).</summary>
    public async Task<Outcome<CreatorProfile>> SetVerifiedAsync(Guid id, Caller admin, bool? verifiedArtist, bool? verifiedPerformer,
        IReadOnlyCollection<string> otherFields, ClientInfo client, CancellationToken ct)
    {
        var found = await access.FindVisibleAsync(id, admin, client, ct);
        if (!found.IsOk) return found.Error;
        var type = found.Value.Type;
        var errors = otherFields.ToDictionary(k => k, _ => new[] { "is not a field admins set here; use verifiedArtist or verifiedPerformer." });
        var (flag, other, value) = type == CreatorTypes.Dj
            ? ("verifiedArtist", "verifiedPerformer", verifiedArtist)
            : ("verifiedPerformer", "verifiedArtist", verifiedPerformer);
        if ((type == CreatorTypes.Dj ? verifiedPerformer : verifiedArtist) is not null) errors[other] = [$"does not apply to a {type} profile; use {flag}."];
        if (value is null && !errors.ContainsKey(other)) errors[flag] = ["is required (true or false)."];
        if (errors.Count > 0) return ServiceError.Invalid(errors);

        var row = await store.SetVerifiedAsync(id, type, value!.Value, ct);
        if (row is null) return CreatorAccess.CreatorNotFound;
        await activity.RecordAsync(CreatorActivity.Entry(admin, client, CreatorActivity.VerificationChanged, type, id,
            new Dictionary<string, string> { [flag] = value.Value ? "true" : "false" }, clock), ct);
        return row.ToProfile(privileged: true);
    }

    /// <summary>
    /// The profile, when the caller owns it (or is an admin and <paramref name="adminMayAct"/>). Someone who
    /// cannot see it at all gets 404 (as everywhere); someone who can see it but does not own it gets 403.
    /// </summary>
    public async Task<Outcome<CreatorRef>> RequireOwnerAsync(Guid id, string type, Caller caller, ClientInfo client, CancellationToken ct, bool adminMayAct)
    {
        var found = await access.FindVisibleAsync(id, type, caller, client, ct);
        if (!found.IsOk) return found.Error;
        return found.Value.IsOwnedBy(caller) || (adminMayAct && caller.IsAdmin) ? found.Value : CreatorErrors.NotOwner;
    }
}
