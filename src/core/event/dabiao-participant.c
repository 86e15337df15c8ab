/* dabiao-participant.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-event-private.h"

G_DEFINE_FINAL_TYPE (DabiaoParticipant, dabiao_participant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SEX,
  PROP_BIRTH_DATE,
  PROP_ID_CARD,
  PROP_GRADE,
  PROP_CLASS_CODE,
  PROP_CLASS_NAME,
  PROP_ETHNICITY,
  PROP_ADDRESS,
  PROP_ORGANIZATION,
  PROP_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dabiao_participant_finalize (GObject *object)
{
  DabiaoParticipant *self = (DabiaoParticipant *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->birth_date);
  g_free (self->id_card);
  g_free (self->class_code);
  g_free (self->class_name);
  g_free (self->ethnicity);
  g_free (self->address);
  g_free (self->organization);
  g_free (self->phone);

  G_OBJECT_CLASS (dabiao_participant_parent_class)->finalize (object);
}

static void
dabiao_participant_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DabiaoParticipant *self = DABIAO_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SEX: g_value_set_uint (value, self->sex); break;
    case PROP_BIRTH_DATE: g_value_set_string (value, self->birth_date); break;
    case PROP_ID_CARD: g_value_set_string (value, self->id_card); break;
    case PROP_GRADE: g_value_set_uint (value, self->grade); break;
    case PROP_CLASS_CODE: g_value_set_string (value, self->class_code); break;
    case PROP_CLASS_NAME: g_value_set_string (value, self->class_name); break;
    case PROP_ETHNICITY: g_value_set_string (value, self->ethnicity); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_ORGANIZATION: g_value_set_string (value, self->organization); break;
    case PROP_PHONE: g_value_set_string (value, self->phone); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
dabiao_participant_class_init (DabiaoParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dabiao_participant_finalize;
  object_class->get_property = dabiao_participant_get_property;

  properties[PROP_ID] = string_prop ("id");
  properties[PROP_NAME] = string_prop ("name");
  properties[PROP_SEX] = g_param_spec_uint ("sex", NULL, NULL, 0, 2, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BIRTH_DATE] = string_prop ("birth-date");
  properties[PROP_ID_CARD] = string_prop ("id-card");
  properties[PROP_GRADE] = g_param_spec_uint ("grade", NULL, NULL, 0, 99, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLASS_CODE] = string_prop ("class-code");
  properties[PROP_CLASS_NAME] = string_prop ("class-name");
  properties[PROP_ETHNICITY] = string_prop ("ethnicity");
  properties[PROP_ADDRESS] = string_prop ("address");
  properties[PROP_ORGANIZATION] = string_prop ("organization");
  properties[PROP_PHONE] = string_prop ("phone");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dabiao_participant_init (DabiaoParticipant *self)
{
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

DabiaoParticipant *
_dabiao_participant_new_from_stmt (sqlite3_stmt *stmt,
                                   int           first)
{
  DabiaoParticipant *self = g_object_new (DABIAO_TYPE_PARTICIPANT, NULL);

  self->id = column_text (stmt, first + 0);
  self->name = column_text (stmt, first + 1);
  self->sex = sqlite3_column_int (stmt, first + 2);
  self->birth_date = column_text (stmt, first + 3);
  self->id_card = column_text (stmt, first + 4);
  self->grade = sqlite3_column_int (stmt, first + 5);
  self->class_code = column_text (stmt, first + 6);
  self->class_name = column_text (stmt, first + 7);
  self->ethnicity = column_text (stmt, first + 8);
  self->address = column_text (stmt, first + 9);
  self->organization = column_text (stmt, first + 10);
  self->phone = column_text (stmt, first + 11);

  return self;
}

#define GETTER(type, field) \
  type \
  dabiao_participant_get_##field (DabiaoParticipant *self) \
  { \
    g_return_val_if_fail (DABIAO_IS_PARTICIPANT (self), 0); \
    return self->field; \
  }

GETTER (const char *, id)
GETTER (const char *, name)
GETTER (guint, sex)
GETTER (const char *, birth_date)
GETTER (const char *, id_card)
GETTER (guint, grade)
GETTER (const char *, class_code)
GETTER (const char *, class_name)
GETTER (const char *, ethnicity)
GETTER (const char *, address)
GETTER (const char *, organization)
GETTER (const char *, phone)
