/* dabiao-standard-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-standard.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      threshold;
  int         score;
  const char *confidence;
  guint       row;
} DabiaoStep;

typedef struct
{
  gboolean    has_by_min, has_by_max;
  gint64      by_min, by_max;
  gboolean    has_min, has_max;
  gint64      min, max;
  int         score;
  const char *label;
  const char *confidence;
  guint       row;
} DabiaoBand;

typedef struct
{
  gint64      excess;
  int         bonus;
  const char *confidence;
  guint       row;
} DabiaoBonusStep;

/* The tables of one item for one group and sex. */
/* Packed thresholds are counted 4 at a time. */
#define KEYS_PADDED(n) (((n) + 3u) & ~3u)

typedef struct
{
  const DabiaoItem *item;
  GArray           *steps;        /* DabiaoStep, best score first */
  GArray           *bands;        /* DabiaoBand, by (by_min, min) */
  GArray           *bonus;        /* DabiaoBonusStep, smallest excess first */
  guint             weight;
  gboolean          has_weight;
  guint             weight_row;
  const char       *confidence;   /* the lowest of its rows */
  GString          *sources;      /* space-separated source ids */
  int               bonus_cap;    /* the largest bonus in its table */
  gint64            top_threshold; /* threshold of the 100-point (best) row */
  /* Set at load (index_tables()): the steps' thresholds packed
   * (KEYS_PADDED (n_keys) of them), then their n_keys scores (NULL for
   * tables of more than 64 steps or thresholds beyond 32 bits), and the
   * confidence all steps share (NULL if they differ).  A row's lookup then
   * reads a cache line or two next to the table itself instead of the
   * steps array. */
  const gint32     *keys;
  guint             n_keys;
  const char       *step_confidence;
  gboolean          packed;       /* lives in its group's table block */
} DabiaoItemTable;

typedef struct
{
  DabiaoGroup       pub;          /* first: a DabiaoGroup* is a DabiaoGroupPriv* */
  const char       *same_as;      /* alias target code, or NULL */
  guint             row;
  /* Indexed by sex then item index; NULL when the item has no table. */
  DabiaoItemTable **tables[DABIAO_N_SEXES];
  GPtrArray        *total_level_bands;  /* DabiaoLevelBand*, best first; set at load */
  /* Per sex, set at load: the indices of the items with a table, in item
   * order, so that scoring a row visits only those; and one block holding
   * those tables and their packed keys side by side (a row of a random
   * group touches one small area of memory, not a dozen scattered ones). */
  guint            *scored[DABIAO_N_SEXES];
  guint             n_scored[DABIAO_N_SEXES];
  gpointer          table_block[DABIAO_N_SEXES];
  GPtrArray        *item_level_bands; /* the same for item scores; set at load */
} DabiaoGroupPriv;

typedef struct
{
  const char *part;               /* "*" for all */
  int         min_tenths;
  const char *level;
  guint       row;
} DabiaoLevelBand;

struct _DabiaoStandard
{
  gatomicrefcount  ref_count;
  GStringChunk    *strings;
  char            *id;
  const char      *name;
  const char      *issuing_body;
  int              year;
  const char      *source_document;
  const char      *notes;
  gboolean         supplied_by_user;
  DabiaoShape      shape;
  DabiaoGroupBy    group_by;
  const char      *group_column;
  const char      *sex_column;
  int              bonus_cap;
  GPtrArray       *source_ids;    /* const char*, NULL-terminated */
  GHashTable      *sources;       /* id → text */
  GPtrArray       *items;         /* DabiaoItem* (owned) */
  const DabiaoItem *height_item;  /* "height", or NULL */
  const DabiaoItem *weight_item;  /* "weight", or NULL */
  GHashTable      *item_lookup;   /* normalised key → DabiaoItem* */
  GPtrArray       *groups;        /* DabiaoGroupPriv* (owned), real groups only */
  GHashTable      *group_by_code; /* code (and alias code) → DabiaoGroupPriv* */
  GArray          *total_levels;  /* DabiaoLevelBand, by part then min desc */
  /* Items read for every group (measured ones feeding formulas: 身高, 体重,
   * 台阶时间 …), by index; set at load. */
  guint           *measured;
  guint            n_measured;
  GArray          *item_levels;   /* the same, of item scores (item_levels.csv) */
  GPtrArray       *level_names;   /* const char*, best first, NULL-terminated */
  GPtrArray       *item_level_names;
};

/* Scoring many rows without allocating per row (dabiao-score-file.c). */
typedef struct _DabiaoScoreScratch DabiaoScoreScratch;

DabiaoScoreScratch *dabiao_score_scratch_new  (DabiaoStandard *self);
void                dabiao_score_scratch_free (DabiaoScoreScratch *scratch);
/* Values outside the item catalogue's plausible range are scored (values a
 * person confirmed, `score --force`) instead of noted as problems. */
void                dabiao_score_scratch_accept_implausible (DabiaoScoreScratch *scratch,
                                                             gboolean            accept);
/* Like dabiao_standard_score_texts(); the result (notes included) belongs
 * to @scratch and is valid until its next use. */
const struct _DabiaoPersonScore *
dabiao_standard_score_texts_scratch (DabiaoStandard            *self,
                                     const DabiaoGroup         *group,
                                     DabiaoSex                  sex,
                                     const char * const        *texts,
                                     DabiaoScoreScratch        *scratch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoScoreScratch, dabiao_score_scratch_free)

/* Full-width ASCII → ASCII, ideographic space → space; all whitespace
 * removed when @strip_spaces.  Free with g_free(). */
char        *dabiao_text_normalize   (const char *text,
                                      gboolean    strip_spaces);

/* The level of a total (grades.csv) in tenths, NULL if no band holds it. */
const char  *dabiao_standard_level_for (DabiaoStandard    *self,
                                        const DabiaoGroup *group,
                                        int                total_tenths);

/* Validates a standard held in memory: @files maps the names of the
 * standard's files (standard.ini, items.csv …) to their contents (GBytes);
 * @labels (may be NULL) maps them to how messages name them ("标准.xlsx
 * sheet thresholds").  Like dabiao_standard_check_dir(). */
GPtrArray   *dabiao_standard_check_files (GHashTable *files,
                                          GHashTable *labels,
                                          GError    **error);

static inline DabiaoItemTable *
dabiao_standard_get_table (DabiaoStandard    *self,
                           const DabiaoGroup *group,
                           DabiaoSex          sex,
                           const DabiaoItem  *item)
{
  const DabiaoGroupPriv *g = (const DabiaoGroupPriv *) group;

  return g->tables[sex][item->index];
}

/* Plain ASCII "123", "-2.5", "3.45": the common case, parsed without
 * allocating (dabiao_item_parse_value() tries it first; inline for the
 * batch scorer).  Returns FALSE to fall back to the full parser. */
static inline gboolean
dabiao_item_parse_value_fast (const DabiaoItem *item,
                              const char       *text,
                              gint64           *value)
{
  const char *p = text;
  gint64 whole = 0, frac = 0;
  int n_whole = 0, n_frac = -1;
  gboolean negative = FALSE;

  if (text == NULL)
    return FALSE;
  if (*p == '-' && item->format == DABIAO_VALUE_FORMAT_NUMBER)
    {
      negative = TRUE;
      p++;
    }
  for (; *p >= '0' && *p <= '9'; p++, n_whole++)
    {
      if (n_whole >= 9)
        return FALSE;     /* long numbers: the full parser decides */
      whole = whole * 10 + (*p - '0');
    }
  if (*p == '.')
    for (p++, n_frac = 0; *p >= '0' && *p <= '9'; p++, n_frac++)
      {
        if (n_frac >= 3)
          return FALSE;
        frac = frac * 10 + (*p - '0');
      }
  if (*p != '\0' || n_whole == 0 || n_whole > 9 || n_frac == 0)
    return FALSE;

  if (item->format == DABIAO_VALUE_FORMAT_NUMBER)
    {
      for (int i = MAX (n_frac, 0); i < 3; i++)
        frac *= 10;
      *value = whole * DABIAO_VALUE_SCALE + frac;
      if (negative)
        *value = -*value;
      return TRUE;
    }

  /* 分.秒 with one or two digits of seconds, minutes below 60. */
  if (n_frac > 2 || whole > 59)
    return FALSE;
  if (n_frac == 1)
    frac *= 10;
  if (frac > 59)
    return FALSE;
  *value = (whole * 60 + MAX (frac, 0)) * DABIAO_VALUE_SCALE;
  return TRUE;
}

/* ---- A small CSV parser for the data files ---------------------------------- */

typedef struct
{
  GPtrArray *fields;   /* char* */
  guint      row;      /* spreadsheet row number, header = 1 */
} CsvRow;

/* ---- Load context ------------------------------------------------------------ */

typedef struct
{
  DabiaoStandard *std;
  GPtrArray      *problems;
  char           *dir;          /* a directory, or NULL */
  char           *resource;     /* a resource path, or NULL */
  GHashTable     *files;        /* file name → GBytes (a workbook's sheets), or NULL */
  GHashTable     *labels;       /* file name → how messages name it, or NULL */
} Loader;

/* A parsed CSV file with its header mapped. */
typedef struct
{
  const char *name;
  GPtrArray  *rows;    /* CsvRow*, without the header */
  GHashTable *columns; /* header → index + 1 */
} Csv;

/* Shared by the parts of the standard's loader (dabiao-standard*.c). */
extern const char * const _dabiao_standard_confidences[];
gint64
_dabiao_standard_value_unit (guint decimals);
void
_dabiao_standard_problem (Loader     *loader,
                          const char *file,
                          guint       row,
                          const char *column,
                          const char *format,
                          ...) G_GNUC_PRINTF (5, 6);
/* A file's bytes; an I/O error names the file (DABIAO_ERROR_IO). */
GBytes *
_dabiao_standard_read_file (const char *path,
                            GError    **error);
/* @name of the standard being loaded; NULL with @error on an I/O error, or
 * NULL alone when missing (a problem is added when @required). */
GBytes *
_dabiao_standard_loader_read (Loader      *loader,
                              const char  *name,
                              gboolean     required,
                              GError     **error);
void
_dabiao_standard_csv_clear (Csv *csv);
gboolean
_dabiao_standard_csv_load (Loader      *loader,
                           const char  *name,
                           gboolean     required,
                           const char **columns,
                           Csv         *csv,
                           GError     **error);
const char *
_dabiao_standard_csv_get (Csv        *csv,
                          CsvRow     *row,
                          const char *column);
const char *
_dabiao_standard_intern (Loader     *loader,
                         const char *text);
gboolean
_dabiao_standard_parse_int (Loader     *loader,
                            Csv        *csv,
                            CsvRow     *row,
                            const char *column,
                            int         min,
                            int         max,
                            int        *out);
gboolean
_dabiao_standard_parse_fixed (Loader     *loader,
                              Csv        *csv,
                              CsvRow     *row,
                              const char *column,
                              guint       decimals,
                              gboolean   *has,
                              gint64     *out);
gboolean
_dabiao_standard_load_metadata (Loader  *loader,
                                GError **error);
char *
_dabiao_standard_item_key (const char *text);
gboolean
_dabiao_standard_load_items (Loader  *loader,
                             GError **error);
gboolean
_dabiao_standard_load_groups (Loader  *loader,
                              GError **error);
gboolean
_dabiao_standard_load_thresholds (Loader  *loader,
                                  GError **error);
gboolean
_dabiao_standard_load_bands (Loader  *loader,
                             GError **error);
gboolean
_dabiao_standard_load_weights (Loader  *loader,
                               GError **error);
gboolean
_dabiao_standard_load_bonus (Loader  *loader,
                             GError **error);
gboolean
_dabiao_standard_load_levels (Loader  *loader,
                                         GError **error);
GPtrArray *
_dabiao_standard_band_names (GArray *bands);
void
_dabiao_standard_check_tables (Loader *loader);
void
_dabiao_standard_index_tables (DabiaoStandard *std);

G_END_DECLS
