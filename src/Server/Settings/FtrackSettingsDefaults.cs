namespace AyonFtrack.Server.Settings;

/// <summary>
/// The addon's default settings (the original's <c>DEFAULT_VALUES</c>), which AYON returns when no overrides are
/// stored. Where the defaults do not list a key, the model default of the record applies. Where the defaults
/// and the model disagree (<c>next_task_update.name_sorting</c>,
/// <c>user_handlers.prepare_project.create_project_structure_checked</c>,
/// <c>user_handlers.fill_workfile_attribute.enabled</c>, <c>create_daily_lists.lists[].cycle_enabled</c>),
/// the defaults win, as on the server. One default differs from the original on purpose:
/// <c>service_event_handlers.delete_ayon_entities.role_list</c> is Administrator + Project Manager, not empty (§7).
/// </summary>
internal static class FtrackSettingsDefaults
{
    private const string Administrator = "Administrator";

    // The original spells the role both ways; ftrack matches role names case-insensitively.
    private const string ProjectManagerLower = "Project manager";
    private const string ProjectManager = "Project Manager";

    public static FtrackSettings Create() => new()
    {
        Enabled = true,
        FtrackServer = "",
        ServiceSettings = new ServiceSettings { Username = "", ApiKey = "" },
        ServiceEventHandlers = ServiceEventHandlers(),
        PostLaunchHook = new PostLaunchHookSettings
        {
            Enabled = true,
            Mapping =
            [
                new NameValues { Name = "In Progress", Value = [SettingsValues.AnyStatus] },
                new NameValues { Name = "Ready", Value = ["Not Ready"] },
                new NameValues { Name = SettingsValues.IgnoreStatus, Value = ["in progress", "omitted", "on hold"] },
            ],
        },
        UserHandlers = UserHandlers(),
        Publish = Publish(),
        CustomAttributes = CustomAttributes(),
    };

    private static RoleAction Roles(bool enabled, params string[] roles) => new() { Enabled = enabled, RoleList = roles };

    private static ServiceEventHandlersSettings ServiceEventHandlers() => new()
    {
        PrepareProject = Roles(true, Administrator, ProjectManagerLower),
        SyncFromFtrack = new SyncFromFtrackSettings
        {
            Enabled = true,
            SyncVersions = false,
            SyncLinkType = SettingsValues.SkipLinkType,
            RoleList = [Administrator, ProjectManagerLower],
        },
        SyncUsersFromFtrack = Roles(true, Administrator, ProjectManagerLower),
        SyncHierEntityAttributes = new SyncHierarchicalAttributesSettings
        {
            Enabled = true,
            InterestEntityTypes = ["Shot", "Asset Build"],
            InterestAttributes = ["frameStart", "frameEnd"],
            ActionEnabled = true,
            RoleList = [Administrator, ProjectManager],
        },
        CloneReviewSession = Roles(true, Administrator, ProjectManager),
        // §7: the original leaves this list empty, which lets everyone delete; the managers are the default here, as
        // the runtime applies when a studio empties the list (DeleteEntities.Action.DefaultRoles).
        DeleteAyonEntities = Roles(true, Administrator, ProjectManager),
        ThumbnailUpdates = new ThumbnailUpdatesSettings { Enabled = true, Levels = 1 },
        StatusTaskToParent = new StatusTaskToParentSettings
        {
            Enabled = true,
            ParentObjectTypes = ["Shot", "Asset Build"],
            ParentStatusMatchAllTaskStatuses = [new NameValues { Name = "Completed", Value = ["Approved", "Omitted"] }],
            ParentStatusByTaskStatus =
            [
                new ParentStatusByTaskStatus
                {
                    NewStatus = "In Progress",
                    TaskStatuses = ["in progress", "change requested", "retake", "pending review"],
                },
            ],
        },
        StatusTaskToVersion = new StatusMappingSettings
        {
            Enabled = true,
            Mapping = [],
            AssetTypesFilterType = SettingsValues.AllowList,
            AssetTypes = [],
        },
        StatusVersionToTask = new StatusMappingSettings
        {
            Enabled = true,
            Mapping = [],
            AssetTypesFilterType = SettingsValues.DenyList,
            AssetTypes = [],
        },
        NextTaskUpdate = new NextTaskUpdateSettings
        {
            Enabled = true,
            Mapping = [new NextTaskStatusMapping { Name = "Not Ready", Value = "Ready" }],
            IgnoredStatuses = ["Omitted"],
            NameSorting = false,
        },
        TransferValuesOfHierarchicalAttributes = Roles(true, Administrator, ProjectManagerLower),
        CreateDailyLists = new CreateDailyListsSettings
        {
            Enabled = false,
            CycleHourStart = "00:00:00",
            CycleDays = ["monday", "tuesday", "wednesday", "thursday", "friday"],
            Lists =
            [
                new DailyListItem
                {
                    NameTemplate = "{yy}{mm}{dd}",
                    Category = "Dailies",
                    CycleEnabled = true,
                    Filters = [new DailyListFilter { Statuses = ["Approved"], CustomAttributes = [] }],
                },
            ],
            RoleList = [Administrator, ProjectManager],
        },
        ProjectComponentsSizes = Roles(true, Administrator, ProjectManager),
    };

    private static UserHandlersSettings UserHandlers() => new()
    {
        CreateUpdateAttributes = new RoleListOnly { RoleList = [Administrator] },
        PrepareProject = new PrepareProjectActionSettings
        {
            Enabled = true,
            RoleList = [Administrator, ProjectManagerLower],
            CreateProjectStructureChecked = false,
        },
        CleanHierarchicalAttr = Roles(true, Administrator, ProjectManagerLower),
        DeleteOldVersions = Roles(true, ProjectManager, Administrator),
        DeliveryAction = Roles(true, ProjectManager, Administrator),
        JobKiller = Roles(true, Administrator),
        FillWorkfileAttribute = new FillWorkfileAttributeSettings
        {
            Enabled = false,
            CustomAttributeKey = "",
            RoleList = [],
        },
    };

    private static CollectFamilyProfile Family(
        string[] hosts, string[] productBaseTypes, bool add, params AdvancedFamilyFilter[] advanced) => new()
    {
        HostNames = hosts,
        ProductBaseTypes = productBaseTypes,
        TaskTypes = [],
        TaskNames = [],
        AddFtrackFamily = add,
        AdvancedFiltering = advanced,
    };

    private static AdvancedFamilyFilter AddWhen(params string[] families) =>
        new() { Families = families, AddFtrackFamily = true };

    private static PublishSettings Publish() => new()
    {
        CollectFtrackFamily = new CollectFtrackFamilySettings
        {
            Enabled = true,
            Profiles =
            [
                Family(["traypublisher"], [], true),
                Family(["traypublisher"], ["matchmove", "shot"], false),
                Family(["traypublisher"], ["plate", "review", "audio"], false, AddWhen("clip", "review")),
                Family(["maya"], ["model", "setdress", "animation", "look", "rig", "camera", "review"], true),
                Family(["blender", "houdini", "max"], [], false, AddWhen("review")),
                Family(["tvpaint"], ["renderPass"], false),
                Family(["tvpaint"], [], true),
                Family(["nuke"], ["write", "render", "prerender"], false, AddWhen("review")),
                Family(["aftereffects"], ["render", "workfile"], true),
                Family(["flame"], ["plate", "take"], true),
                Family(["photoshop"], ["review"], true),
            ],
        },
        CollectFtrackCustomAttributeData = new CollectFtrackCustomAttributeDataSettings
        {
            Enabled = false,
            CustomAttributeKeys = [],
        },
        ValidateFtrackAttributes = new ValidateFtrackAttributesSettings { Enabled = false, FtrackCustomAttributes = "{}" },
        IntegrateHierarchyToFtrack = new IntegrateHierarchyToFtrackSettings { CreateTaskStatusProfiles = [] },
        IntegrateFtrackDescription = new IntegrateFtrackDescriptionSettings
        {
            Enabled = false,
            Optional = true,
            Active = true,
            DescriptionTemplate = "{comment}",
        },
        IntegrateFtrackNote = new IntegrateFtrackNoteSettings { Enabled = false, NoteTemplate = "{comment}", NoteLabels = [] },
        IntegrateFtrackComponentOverwrite = new EnabledOnly { Enabled = true },
        IntegrateFtrackInstance = new IntegrateFtrackInstanceSettings
        {
            ProductBaseTypeMapping = ProductBaseTypeMappingDefaults(),
            KeepFirstProductNameForReview = true,
            AssetVersionsStatusProfiles = [],
            AdditionalMetadataKeys = [],
        },
        IntegrateFtrackFarmStatus = new IntegrateFtrackFarmStatusSettings
        {
            FarmStatusProfiles =
            [
                new TaskStatusProfile
                {
                    HostNames = ["celaction"],
                    TaskTypes = [],
                    TaskNames = [],
                    ProductBaseTypes = ["render"],
                    ProductNames = [],
                    StatusName = "Render",
                },
            ],
        },
        FtrackTaskStatusLocalPublish = new TaskStatusProfilesSettings { StatusProfiles = [] },
        FtrackTaskStatusOnFarmPublish = new TaskStatusProfilesSettings { StatusProfiles = [] },
        IntegrateFtrackTaskStatus = new IntegrateFtrackTaskStatusSettings { AfterVersionStatuses = true },
    };

    private static ProductBaseTypeMapping[] ProductBaseTypeMappingDefaults()
    {
        (string Product, string Asset)[] pairs =
        [
            ("camera", "cam"), ("look", "look"), ("mayaAscii", "scene"), ("model", "geo"), ("rig", "rig"),
            ("setdress", "setdress"), ("pointcache", "cache"), ("render", "render"), ("prerender", "render"),
            ("render2d", "render"), ("nukescript", "comp"), ("write", "render"), ("review", "mov"),
            ("plate", "img"), ("audio", "audio"), ("workfile", "scene"), ("animation", "cache"),
            ("image", "img"), ("reference", "reference"), ("ass", "cache"), ("mayaScene", "scene"),
            ("camerarig", "rig"), ("yeticache", "cache"), ("yetiRig", "rig"), ("xgen", "xgen"),
            ("rendersetup", "rendersetup"), ("assembly", "assembly"), ("layout", "layout"),
            ("unrealStaticMesh", "geo"), ("vrayproxy", "cache"), ("redshiftproxy", "cache"), ("usd", "usd"),
        ];
        return [.. pairs.Select(p => new ProductBaseTypeMapping { Name = p.Product, AssetType = p.Asset })];
    }

    /// <summary>
    /// The default attribute mapping. Every item is typed <c>standard</c> and also names its hierarchical key;
    /// <paramref name="attrType"/> lets the 1.4.0 conversion build the same list typed <c>hierarchical</c>.
    /// </summary>
    public static AttributeMappingItem[] AttributeMapping(string attrType)
    {
        (string Name, string[] Standard)[] items =
        [
            ("resolutionWidth", []), ("resolutionHeight", []), ("pixelAspect", []), ("fps", ["fps"]),
            ("frameStart", ["fstart"]), ("frameEnd", ["fend"]), ("handleStart", []), ("handleEnd", []),
            ("clipIn", []), ("clipOut", []),
        ];
        return
        [
            .. items.Select(i => new AttributeMappingItem
            {
                Name = i.Name,
                AttrType = attrType,
                Hierarchical = i.Name,
                Standard = i.Standard,
            }),
        ];
    }

    private static CustomAttributesSettings CustomAttributes()
    {
        CustomAttributeRoles ApiAndAdmin() => new()
        {
            WriteSecurityRoles = ["API", Administrator],
            ReadSecurityRoles = ["API", Administrator],
        };

        return new CustomAttributesSettings
        {
            MandatoryAttributes = new MandatoryAttributesSettings
            {
                AyonId = new CustomAttributeRoles(),
                AyonPath = new CustomAttributeRoles(),
                AyonListType = new CustomAttributeRoles(),
                AyonSyncFailed = ApiAndAdmin(),
                AutoSyncEnabled = ApiAndAdmin(),
            },
            AttributesMapping = new AttributesMappingSettings
            {
                Enabled = true,
                Mapping = AttributeMapping(SettingsValues.Standard),
            },
        };
    }
}
