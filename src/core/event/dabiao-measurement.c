/* dabiao-measurement.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-event-private.h"

static const char * const special_words[] = {
  [DABIAO_SPECIAL_NONE] = "",
  [DABIAO_SPECIAL_ABSENT] = "缺测",
  [DABIAO_SPECIAL_EXEMPT] = "免测",
  [DABIAO_SPECIAL_FOUL] = "犯规",
  [DABIAO_SPECIAL_ABANDONED] = "弃考",
  [DABIAO_SPECIAL_UNFINISHED] = "未完成",
  [DABIAO_SPECIAL_VOID] = "作废",
};

static const char * const special_names[] = {
  [DABIAO_SPECIAL_NONE] = "none",
  [DABIAO_SPECIAL_ABSENT] = "absent",
  [DABIAO_SPECIAL_EXEMPT] = "exempt",
  [DABIAO_SPECIAL_FOUL] = "foul",
  [DABIAO_SPECIAL_ABANDONED] = "abandoned",
  [DABIAO_SPECIAL_UNFINISHED] = "unfinished",
  [DABIAO_SPECIAL_VOID] = "void",
};

const char *
dabiao_special_to_string (DabiaoSpecial special)
{
  if ((guint) special >= G_N_ELEMENTS (special_words))
    return "";
  return special_words[special];
}

gboolean
dabiao_special_from_string (const char    *text,
                            DabiaoSpecial *special)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (special_words); i++)
    {
      if ((*text != '\0' && g_str_equal (text, special_words[i]))
          || g_ascii_strcasecmp (text, special_names[i]) == 0)
        {
          *special = (DabiaoSpecial) i;
          return TRUE;
        }
    }

  if (g_str_equal (text, "缺考"))
    {
      *special = DABIAO_SPECIAL_ABSENT;
      return TRUE;
    }
  if (*text == '\0')
    {
      *special = DABIAO_SPECIAL_NONE;
      return TRUE;
    }

  return FALSE;
}

const char *
dabiao_source_to_string (DabiaoSource source)
{
  switch (source)
    {
    case DABIAO_SOURCE_MANUAL:
      return "手工";
    case DABIAO_SOURCE_INSTRUMENT:
      return "仪器";
    case DABIAO_SOURCE_IMPORT:
      return "导入";
    default:
      return "";
    }
}

G_DEFINE_FINAL_TYPE (DabiaoMeasurement, dabiao_measurement, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_PARTICIPANT_ID,
  PROP_ITEM,
  PROP_ATTEMPT,
  PROP_HAS_VALUE,
  PROP_VALUE,
  PROP_UNIT,
  PROP_SPECIAL,
  PROP_REASON,
  PROP_STATION,
  PROP_OPERATOR,
  PROP_MEASURED_AT,
  PROP_VOIDED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dabiao_measurement_finalize (GObject *object)
{
  DabiaoMeasurement *self = (DabiaoMeasurement *) object;

  g_free (self->uuid);
  g_free (self->participant_id);
  g_free (self->item);
  g_free (self->unit);
  g_free (self->reason);
  g_free (self->instrument_id);
  g_clear_pointer (&self->raw_frame, g_bytes_unref);
  g_free (self->station);
  g_free (self->operator_name);
  g_free (self->voids);
  g_free (self->voided_by);

  G_OBJECT_CLASS (dabiao_measurement_parent_class)->finalize (object);
}

static void
dabiao_measurement_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DabiaoMeasurement *self = DABIAO_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_PARTICIPANT_ID: g_value_set_string (value, self->participant_id); break;
    case PROP_ITEM: g_value_set_string (value, self->item); break;
    case PROP_ATTEMPT: g_value_set_uint (value, self->attempt); break;
    case PROP_HAS_VALUE: g_value_set_boolean (value, self->has_value); break;
    case PROP_VALUE: g_value_set_double (value, self->value); break;
    case PROP_UNIT: g_value_set_string (value, self->unit); break;
    case PROP_SPECIAL: g_value_set_string (value, dabiao_special_to_string (self->special)); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_STATION: g_value_set_string (value, self->station); break;
    case PROP_OPERATOR: g_value_set_string (value, self->operator_name); break;
    case PROP_MEASURED_AT: g_value_set_int64 (value, self->measured_at); break;
    case PROP_VOIDED_BY: g_value_set_string (value, self->voided_by); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dabiao_measurement_class_init (DabiaoMeasurementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dabiao_measurement_finalize;
  object_class->get_property = dabiao_measurement_get_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_PARTICIPANT_ID] = g_param_spec_string ("participant-id", NULL, NULL, NULL, flags);
  properties[PROP_ITEM] = g_param_spec_string ("item", NULL, NULL, NULL, flags);
  properties[PROP_ATTEMPT] = g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HAS_VALUE] = g_param_spec_boolean ("has-value", NULL, NULL, FALSE, flags);
  properties[PROP_VALUE] = g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, flags);
  /* The special result as its Chinese word ("" for none), for display. */
  properties[PROP_SPECIAL] = g_param_spec_string ("special", NULL, NULL, NULL, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_STATION] = g_param_spec_string ("station", NULL, NULL, NULL, flags);
  properties[PROP_OPERATOR] = g_param_spec_string ("operator", NULL, NULL, NULL, flags);
  properties[PROP_MEASURED_AT] = g_param_spec_int64 ("measured-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_VOIDED_BY] = g_param_spec_string ("voided-by", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dabiao_measurement_init (DabiaoMeasurement *self)
{
}

#define GETTER(type, name, field) \
  type \
  dabiao_measurement_get_##name (DabiaoMeasurement *self) \
  { \
    g_return_val_if_fail (DABIAO_IS_MEASUREMENT (self), 0); \
    return self->field; \
  }

GETTER (const char *, uuid, uuid)
GETTER (const char *, participant_id, participant_id)
GETTER (const char *, item, item)
GETTER (guint, attempt, attempt)
GETTER (double, value, value)
GETTER (const char *, unit, unit)
GETTER (DabiaoSpecial, special, special)
GETTER (const char *, reason, reason)
GETTER (DabiaoSource, source, source)
GETTER (const char *, instrument_id, instrument_id)
GETTER (GBytes *, raw_frame, raw_frame)
GETTER (const char *, station, station)
GETTER (const char *, operator, operator_name)
GETTER (gint64, measured_at, measured_at)
GETTER (gint64, recorded_at, recorded_at)
GETTER (const char *, voids, voids)
GETTER (const char *, voided_by, voided_by)

gboolean
dabiao_measurement_has_value (DabiaoMeasurement *self)
{
  g_return_val_if_fail (DABIAO_IS_MEASUREMENT (self), FALSE);
  return self->has_value;
}

gboolean
dabiao_measurement_is_valid (DabiaoMeasurement *self)
{
  g_return_val_if_fail (DABIAO_IS_MEASUREMENT (self), FALSE);
  return self->has_value && self->special == DABIAO_SPECIAL_NONE && self->voided_by == NULL;
}
