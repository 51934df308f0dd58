CREATE TABLE "array_chunks" (
	"array_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "array_chunks_array_id_seq_pk" PRIMARY KEY("array_id","seq")
);
--> statement-breakpoint
CREATE TABLE "arrays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dtype" text NOT NULL,
	"shape" integer[] NOT NULL,
	"byte_length" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_arrays" (
	"dataset_id" uuid NOT NULL,
	"role" text NOT NULL,
	"array_id" uuid NOT NULL,
	CONSTRAINT "dataset_arrays_dataset_id_role_pk" PRIMARY KEY("dataset_id","role")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"content_hash" text NOT NULL,
	"source" jsonb NOT NULL,
	"n_train" integer NOT NULL,
	"n_test" integer NOT NULL,
	"n_voxels" integer NOT NULL,
	"stimulus_shape" integer[] NOT NULL,
	"meta" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_name_unique" UNIQUE("name"),
	CONSTRAINT "datasets_content_hash_unique" UNIQUE("content_hash"),
	CONSTRAINT "datasets_kind_check" CHECK ("datasets"."kind" in ('kay', 'vim1', 'simulated', 'custom'))
);
--> statement-breakpoint
CREATE TABLE "feature_layers" (
	"feature_set_id" uuid NOT NULL,
	"layer" text NOT NULL,
	"dim" integer NOT NULL,
	"train_array_id" uuid NOT NULL,
	"test_array_id" uuid NOT NULL,
	CONSTRAINT "feature_layers_feature_set_id_layer_pk" PRIMARY KEY("feature_set_id","layer")
);
--> statement-breakpoint
CREATE TABLE "feature_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"name" text NOT NULL,
	"model" jsonb NOT NULL,
	"layers" text[] NOT NULL,
	"preparation" jsonb NOT NULL,
	"cache_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_sets_cache_key_unique" UNIQUE("cache_key"),
	CONSTRAINT "feature_sets_dataset_name" UNIQUE("dataset_id","name")
);
--> statement-breakpoint
CREATE TABLE "map_cells" (
	"run_id" uuid NOT NULL,
	"roi" text NOT NULL,
	"layer" text NOT NULL,
	"metric" jsonb NOT NULL,
	CONSTRAINT "map_cells_run_id_roi_layer_pk" PRIMARY KEY("run_id","roi","layer")
);
--> statement-breakpoint
CREATE TABLE "rois" (
	"dataset_id" uuid NOT NULL,
	"code" integer NOT NULL,
	"name" text NOT NULL,
	"n_voxels" integer NOT NULL,
	CONSTRAINT "rois_dataset_id_code_pk" PRIMARY KEY("dataset_id","code"),
	CONSTRAINT "rois_dataset_name" UNIQUE("dataset_id","name")
);
--> statement-breakpoint
CREATE TABLE "run_arrays" (
	"run_id" uuid NOT NULL,
	"role" text NOT NULL,
	"array_id" uuid NOT NULL,
	CONSTRAINT "run_arrays_run_id_role_pk" PRIMARY KEY("run_id","role")
);
--> statement-breakpoint
CREATE TABLE "run_images" (
	"run_id" uuid NOT NULL,
	"image_index" integer NOT NULL,
	"r" double precision,
	"cosine" double precision,
	"rank" integer NOT NULL,
	"extra" jsonb NOT NULL,
	CONSTRAINT "run_images_run_id_image_index_pk" PRIMARY KEY("run_id","image_index")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"feature_set_id" uuid NOT NULL,
	"layer" text NOT NULL,
	"rois" text[] NOT NULL,
	"solver" text NOT NULL,
	"config" jsonb NOT NULL,
	"engine" jsonb NOT NULL,
	"versions" jsonb NOT NULL,
	"dataset_hash" text NOT NULL,
	"feature_hash" text NOT NULL,
	"status" text NOT NULL,
	"timings" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "array_chunks" ADD CONSTRAINT "array_chunks_array_id_arrays_id_fk" FOREIGN KEY ("array_id") REFERENCES "public"."arrays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_arrays" ADD CONSTRAINT "dataset_arrays_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_arrays" ADD CONSTRAINT "dataset_arrays_array_id_arrays_id_fk" FOREIGN KEY ("array_id") REFERENCES "public"."arrays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_layers" ADD CONSTRAINT "feature_layers_feature_set_id_feature_sets_id_fk" FOREIGN KEY ("feature_set_id") REFERENCES "public"."feature_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_layers" ADD CONSTRAINT "feature_layers_train_array_id_arrays_id_fk" FOREIGN KEY ("train_array_id") REFERENCES "public"."arrays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_layers" ADD CONSTRAINT "feature_layers_test_array_id_arrays_id_fk" FOREIGN KEY ("test_array_id") REFERENCES "public"."arrays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_sets" ADD CONSTRAINT "feature_sets_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_cells" ADD CONSTRAINT "map_cells_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rois" ADD CONSTRAINT "rois_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_arrays" ADD CONSTRAINT "run_arrays_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_arrays" ADD CONSTRAINT "run_arrays_array_id_arrays_id_fk" FOREIGN KEY ("array_id") REFERENCES "public"."arrays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_images" ADD CONSTRAINT "run_images_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_feature_set_id_feature_sets_id_fk" FOREIGN KEY ("feature_set_id") REFERENCES "public"."feature_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_dataset_idx" ON "runs" USING btree ("dataset_id");--> statement-breakpoint
CREATE INDEX "runs_feature_set_idx" ON "runs" USING btree ("feature_set_id");